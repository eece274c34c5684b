// The grouped MeterValues writer (services/meter-values-writer.ts) on the real database: messages written
// together land exactly as if written one by one, and one failing message fails alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import type { MeterSample } from '../../../src/domain/model.js';
import { latestReadings } from '../../../src/domain/meter-readings.js';
import * as store from '../../../src/store/index.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.stop(); });

const sample = (at: Date, value: string, measurand = 'Energy.Active.Import.Register', unit = 'Wh'): MeterSample => ({
  sampledAt: at, measurand, value, unit, context: 'Sample.Periodic', phase: null, location: null, format: null,
});

async function aSession(connectorId = 1) {
  const station = await aStation(app.services);
  const { session } = await app.services.sessions.start({
    stationId: station.id, connectorId, idTag: await anIdTag(app.services), meterStartWh: 1_000,
    startedAt: new Date('2026-11-21T10:00:00Z'), reservationId: null,
  });
  return { station, session };
}

describe('MeterValues written in groups', () => {
  it('stores every sample of many concurrent messages once, on its own session, with each session\'s latest figures', async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, () => aSession()));
    const writes = sessions.flatMap(({ station, session }, k) => Array.from({ length: 5 }, (_, i) =>
      app.services.sessions.recordMeterValues({
        stationId: station.id, connectorId: 1, transactionId: session.id, samples: [
          sample(new Date(Date.UTC(2026, 10, 21, 10, 1 + i)), String(1_000 + (i + 1) * 100 + k)),
          sample(new Date(Date.UTC(2026, 10, 21, 10, 1 + i)), '7400', 'Power.Active.Import', 'W'),
        ],
      })));
    await Promise.all(writes);
    // A retransmission of one message stores nothing more.
    await app.services.sessions.recordMeterValues({
      stationId: sessions[0]!.station.id, connectorId: 1, transactionId: sessions[0]!.session.id,
      samples: [sample(new Date(Date.UTC(2026, 10, 21, 10, 1)), '1100')],
    });
    for (const [k, { session }] of sessions.entries()) {
      expect(await app.services.sessions.samples(session.id)).toHaveLength(10);
      const after = await app.services.sessions.get(session.id);
      expect(after.latestMeterWh).toBe(1_500 + k);
      expect(after.energyWh).toBe(500 + k);
      expect(after.latestPowerW).toBe(7_400);
    }
  });

  it('keeps a value with commas, quotes and braces as it was sent', async () => {
    const { station, session } = await aSession();
    const odd = 'a,b "c" {d} \\e\' NULL';
    await app.services.sessions.recordMeterValues({
      stationId: station.id, connectorId: 1, transactionId: session.id,
      samples: [sample(new Date('2026-11-21T10:05:00Z'), odd, 'Voltage', 'V')],
    });
    expect((await app.services.sessions.samples(session.id)).map((s) => s.value)).toEqual([odd]);
  });

  it('fails only the message that fails: the others written with it are stored', async () => {
    const { station, session } = await aSession();
    const good = (minute: number) => app.services.sessions.recordMeterValues({
      stationId: station.id, connectorId: 1, transactionId: session.id,
      samples: [sample(new Date(Date.UTC(2026, 10, 21, 11, minute)), String(2_000 + minute))],
    });
    // No station 2,000,000,000: its samples break the foreign key, inside the same group as the good ones.
    const bad = app.services.sessions.recordMeterValues({
      stationId: 2_000_000_000, connectorId: 1, transactionId: null, samples: [sample(new Date('2026-11-21T11:00:00Z'), '1')],
    });
    const results = await Promise.allSettled([good(1), bad, good(2), good(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await app.services.sessions.samples(session.id)).map((s) => s.value)).toEqual(['2001', '2002', '2003']);
    expect((await app.services.sessions.get(session.id)).latestMeterWh).toBe(2_003);
  });

  it('moves a session to the newest readings of its group, whatever their order, and never back to older ones', async () => {
    const { station, session } = await aSession();
    const message = (at: string, wh: string) => {
      const samples = [sample(new Date(at), wh)];
      return { stationId: station.id, connectorId: 1, transactionId: session.id, samples, readings: latestReadings(samples) };
    };
    const written = await store.meterValueGroups.writeMeterValueGroup(app.database.db, [
      message('2026-11-21T10:05:00Z', '1500'), message('2026-11-21T10:03:00Z', '1300'), message('2026-11-21T10:04:00Z', '1400'),
    ], new Date());
    expect(written.moved.map((f) => [f.sessionId, f.latestMeterWh])).toEqual([[session.id, 1_500]]);
    const older = await store.meterValueGroups.writeMeterValueGroup(app.database.db, [message('2026-11-21T10:04:30Z', '1450')], new Date());
    expect(older.moved).toEqual([]);
    expect(await app.services.sessions.get(session.id)).toMatchObject({ latestMeterWh: 1_500, latestMeterAt: new Date('2026-11-21T10:05:00Z') });
    expect(await app.services.sessions.samples(session.id)).toHaveLength(4);
  });

  it('takes a StopTransaction\'s transactionData the same way: stored on its session, the live figures never back', async () => {
    const { station, session } = await aSession();
    await app.services.sessions.recordMeterValues({
      stationId: station.id, connectorId: 1, transactionId: session.id, samples: [sample(new Date('2026-11-21T10:30:00Z'), '4000')],
    });
    const stopped = await app.services.sessions.stop({
      stationId: station.id, transactionId: session.id, meterStopWh: 4_200, stoppedAt: new Date('2026-11-21T10:40:00Z'), reason: null,
      idTag: null, rawTransactionData: null, samples: [
        sample(new Date('2026-11-21T10:20:00Z'), '3000'), sample(new Date('2026-11-21T10:20:00Z'), '6000', 'Power.Active.Import', 'W'),
      ],
    });
    expect(stopped.outcome).toBe('stopped');
    expect(await app.services.sessions.get(session.id)).toMatchObject({ latestMeterWh: 4_000, latestPowerW: null, energyWh: 3_200 });
    expect((await app.services.sessions.samples(session.id)).map((s) => s.value)).toEqual(['3000', '6000', '4000']);
  });

  it('keeps samples of an unknown or foreign transaction unlinked, and leaves that other session untouched', async () => {
    const mine = await aSession();
    const theirs = await aSession();
    await app.services.sessions.recordMeterValues({
      stationId: mine.station.id, connectorId: 1, transactionId: theirs.session.id,
      samples: [sample(new Date('2026-11-21T12:00:00Z'), '9999')],
    });
    expect(await app.services.sessions.samples(theirs.session.id)).toHaveLength(0);
    expect((await app.services.sessions.get(theirs.session.id)).latestMeterWh).toBeNull();
    expect(await app.services.sessions.unlinkedSamples(mine.station.id)).toHaveLength(1);
  });
});
