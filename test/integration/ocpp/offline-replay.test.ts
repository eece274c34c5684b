// A charger that loses its connection keeps charging, queues its transaction messages and replays them in order
// with their original timestamps when it is back (OCPP 1.6 section 4.7, OCPP.md). The central system must end up
// with exactly the sessions and samples the charger took, once each.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { waitFor } from '../../helpers/wait-for.js';
import { UNCONFIRMED_TRANSACTION_ID, type ChargePoint } from '../../../simulators/charge-point.js';
import type { ChargingSession, MeterSample } from '../../../src/domain/model.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const REGISTER_START_WH = 20_000;
const ENERGY = 'Energy.Active.Import.Register';

interface Periodic { connectorId: number; transactionId: number | null; registerWh: number; atMs: number }

/** A booted simulator sampling every 100 ms at 360 kW (10 Wh a sample), and the periodic samples it takes. */
async function aCharger(): Promise<{ cp: ChargePoint; stationId: number; idTag: string; periodic: Periodic[] }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, {
    meterIntervalMs: 100, powerW: 360_000, batteryWh: 200_000, registerStartWh: REGISTER_START_WH,
  });
  const periodic: Periodic[] = [];
  cp.on('meterValues', (e: Omit<Periodic, 'atMs'>) => { if (e.connectorId === 1) periodic.push({ ...e, atMs: Date.now() }); });
  return { cp, stationId: station.id, idTag, periodic };
}

const energyOf = (samples: MeterSample[]): MeterSample[] => samples.filter((s) => s.measurand === ENERGY);

/** One complete session holding exactly what the simulator measured: Begin, every periodic sample, End. */
function expectCompleteSession(s: ChargingSession, samples: MeterSample[], periodic: Periodic[]): void {
  const energy = energyOf(samples);
  expect(energy.map((e) => e.context)).toEqual(['Transaction.Begin', ...periodic.map(() => 'Sample.Periodic'), 'Transaction.End']);
  expect(energy.map((e) => Number(e.value))).toEqual(
    [REGISTER_START_WH, ...periodic.map((p) => Math.floor(p.registerWh)), Number(energy.at(-1)!.value)]);
  expect(samples).toHaveLength(3 * energy.length); // energy, power and SoC, each once
  const times = energy.map((e) => e.sampledAt.getTime());
  // In order; two can share a millisecond (the stop right after a periodic sample), their contexts say which is first.
  times.slice(1).forEach((t, i) => expect(t).toBeGreaterThanOrEqual(times[i]!));
  const meterStop = Number(energy.at(-1)!.value);
  expect(meterStop).toBeGreaterThanOrEqual(Math.floor(periodic.at(-1)!.registerWh));
  expect(s).toMatchObject({
    meterStartWh: REGISTER_START_WH, startedAt: energy[0]!.sampledAt, meterStopWh: meterStop,
    energyWh: meterStop - REGISTER_START_WH, stoppedAt: energy.at(-1)!.sampledAt, stopReason: 'Local', stopAnomaly: null,
  });
}

describe('a charger that drops mid-session and replays its queue', () => {
  it('leaves exactly one complete session with all its meter values, at their original times', async () => {
    const { cp, stationId, idTag, periodic } = await aCharger();
    const { transactionId } = await cp.startSession(1, idTag);
    await waitFor(async () => energyOf(await app.services.sessions.samples(transactionId)).length >= 4); // Begin + 3

    const droppedAtMs = Date.now();
    await cp.goOffline();
    const onlineCount = periodic.length;
    await waitFor(() => periodic.length >= onlineCount + 5); // it keeps charging and sampling offline
    await cp.stopSession(1); // offline: queued, resolves at once
    const stoppedByMs = Date.now();
    const offline = periodic.slice(onlineCount);
    expect(offline.every((p) => p.transactionId === transactionId)).toBe(true);
    expect(cp.queuedCount()).toBeGreaterThanOrEqual(offline.length + 1);
    expect((await app.services.sessions.get(transactionId)).stoppedAt).toBeNull();

    const reconnectAtMs = Date.now();
    await cp.comeBack();

    expect(cp.queuedCount()).toBe(0);
    const sessions = await app.services.sessions.list({ stationId });
    expect(sessions.map((s) => s.id)).toEqual([transactionId]);
    const samples = await app.services.sessions.samples(transactionId);
    expectCompleteSession(sessions[0]!, samples, periodic);
    // The stop is when the charger stopped, offline, not when its message arrived.
    const stoppedAtMs = sessions[0]!.stoppedAt!.getTime();
    expect(stoppedAtMs).toBeGreaterThanOrEqual(droppedAtMs);
    expect(stoppedAtMs).toBeLessThanOrEqual(stoppedByMs);
    expect(stoppedAtMs).toBeLessThan(reconnectAtMs);
    const sampledOffline = energyOf(samples).filter((s) => s.context === 'Sample.Periodic' && s.sampledAt.getTime() >= droppedAtMs);
    expect(sampledOffline.length).toBeGreaterThanOrEqual(offline.length);
    expect(sampledOffline.every((s) => s.sampledAt.getTime() < reconnectAtMs)).toBe(true);
    expect(await app.services.sessions.unlinkedSamples(stationId)).toEqual([]);
  });

  it('creates a session started offline on replay, with its start time, and lands its meter values and stop on it', async () => {
    const { cp, stationId, idTag, periodic } = await aCharger();
    await cp.goOffline();

    const startingAtMs = Date.now();
    const start = await cp.startSession(1, idTag);
    const startedByMs = Date.now();
    expect(start.transactionId).toBe(UNCONFIRMED_TRANSACTION_ID);
    await waitFor(() => periodic.length >= 5);
    await cp.stopSession(1);
    expect(periodic.every((p) => p.transactionId === null)).toBe(true);
    expect(await stationRows(app, stationId)).toMatchObject({ sessions: 0, meterValues: 0 });

    const reconnectAtMs = Date.now();
    await cp.comeBack();

    const sessions = await app.services.sessions.list({ stationId });
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s).toMatchObject({ connectorId: 1, idTag, authorizationStatus: 'Accepted' });
    expect(s.startedAt.getTime()).toBeGreaterThanOrEqual(startingAtMs);
    expect(s.startedAt.getTime()).toBeLessThanOrEqual(startedByMs);
    expect(s.stoppedAt!.getTime()).toBeLessThan(reconnectAtMs);
    expectCompleteSession(s, await app.services.sessions.samples(s.id), periodic);
    expect(await app.services.sessions.unlinkedSamples(stationId)).toEqual([]);
    expect(await app.services.sessions.unknownStops(stationId)).toEqual([]);
  });
});

describe('a queue replayed twice', () => {
  it('leaves the same single session and no duplicate samples when the charger resends everything', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const t0 = Date.now() - 600_000;
    const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
    const reading = (s: number, wh: number, context: 'Sample.Periodic' | 'Transaction.Begin' | 'Transaction.End') => ({
      timestamp: iso(s),
      sampledValue: [
        { value: String(wh), context, measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const },
        { value: String(40 + s), context, measurand: 'SoC' as const, unit: 'Percent' as const },
      ],
    });
    // What a charger queued while offline, resent as it was: the payloads do not change between deliveries.
    const replay = async (): Promise<number> => {
      const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: iso(0) });
      await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(0, 1_000, 'Transaction.Begin')] });
      for (let s = 10; s <= 40; s += 10) {
        await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(s, 1_000 + s * 50, 'Sample.Periodic')] });
      }
      await cp.call('StopTransaction', {
        transactionId, meterStop: 3_500, timestamp: iso(50), reason: 'Local', idTag, transactionData: [reading(50, 3_500, 'Transaction.End')],
      });
      return transactionId;
    };

    const first = await replay();
    const session = await app.services.sessions.get(first);
    const samples = await app.services.sessions.samples(first);
    const rows = await stationRows(app, stationId);
    const second = await replay();

    expect(second).toBe(first);
    expect(rows).toMatchObject({ sessions: 1, meterValues: 12, unknownStops: 0 });
    expect(await stationRows(app, stationId)).toEqual(rows);
    expect(await app.services.sessions.get(first)).toEqual(session);
    expect(await app.services.sessions.samples(first)).toEqual(samples);
    expect(session).toMatchObject({
      startedAt: new Date(iso(0)), stoppedAt: new Date(iso(50)), meterStopWh: 3_500, energyWh: 2_500,
      latestMeterWh: 3_500, latestSocPercent: 90,
    });
    expect(energyOf(samples).map((s) => s.value)).toEqual(['1000', '1500', '2000', '2500', '3000', '3500']);
  });
});

describe('a session stopped while its start is still being prepared', () => {
  it('queues the stop behind the start: one session, started and stopped, nothing dropped', async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    const log: string[] = [];
    const cp = await bootedCharger(app, station.chargeBoxId, { log: (l) => log.push(l) });
    const stationId = station.id;

    // The start's Preparing status is still on the wire when the driver gives up: the stop comes first in time.
    const starting = cp.startSession(1, idTag);
    const stopping = cp.stopSession(1);
    await Promise.all([starting, stopping]);

    expect(log.filter((l) => /dropped a queued/.test(l))).toEqual([]);
    expect(cp.queuedCount()).toBe(0);
    const sessions = await app.services.sessions.list({ stationId });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.stoppedAt).not.toBeNull();
    expect(await app.services.sessions.unknownStops(stationId)).toEqual([]);
  });
});
