// GET /api/stats/energy and GET /api/stations/{id}/utilisation (issue 18) over real sessions the simulator ran:
// every bucket present, each bucket's energy the sessions stopped in it and its count the sessions started in it,
// adding up exactly; a station's connectors busy per day. The central system's clock is fixed, so "today" and "now"
// are known; buckets are the server's own hours and days (local midnight, as energyTodayWh), so the expected days
// are built with the local-time Date constructor.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api, aToken } from '../../helpers/api.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

const NOW = new Date('2025-03-05T12:00:00Z');
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock: new ManualClock(NOW) }); });
afterEach(closeChargers);
afterAll(() => app.stop());

type Run = { connectorId: number; from: string; meterStart: number } & ({ to: string; meterStop: number } | { to?: undefined });

/** Each session as the charger reports it: StartTransaction, and StopTransaction when it has stopped. */
async function charge(cp: ChargePoint, runs: Run[]): Promise<void> {
  for (const r of runs) {
    const { transactionId } = await cp.call('StartTransaction', { connectorId: r.connectorId, idTag: `T${r.from.slice(8, 16)}`, meterStart: r.meterStart, timestamp: r.from });
    if (r.to !== undefined) await cp.call('StopTransaction', { transactionId, meterStop: r.meterStop, timestamp: r.to });
  }
}

const energy = async (query: string) => api(app).get(`/stats/energy?${query}`);
const iso = (d: Date) => d.toISOString();

describe('GET /api/stats/energy', () => {
  it('gives each hour the energy of the sessions stopped in it and the count of those started in it, zeros too, by station, site or all', async () => {
    const site = await api(app).post('/sites', { name: 'Depot', maxCurrentA: 64, phases: 3, failsafeCurrentA: 6 });
    expect(site.status).toBe(201);
    const a = await aStation(app.services);
    const b = await aStation(app.services);
    expect((await api(app).patch(`/stations/${a.id}`, { siteId: site.body.id })).status).toBe(200);
    await charge(await bootedCharger(app, a.chargeBoxId, { meterIntervalMs: 0 }), [
      { connectorId: 1, from: '2025-03-01T10:15:00Z', to: '2025-03-01T11:20:00Z', meterStart: 1_000, meterStop: 6_000 },
      { connectorId: 2, from: '2025-03-01T10:50:00Z', to: '2025-03-01T10:55:00Z', meterStart: 0, meterStop: 700 },
      { connectorId: 1, from: '2025-03-01T12:00:00Z', meterStart: 6_000 }, // still running: started, no energy yet
    ]);
    await charge(await bootedCharger(app, b.chargeBoxId, { meterIntervalMs: 0 }), [
      { connectorId: 1, from: '2025-03-01T10:30:00Z', to: '2025-03-01T12:30:00Z', meterStart: 0, meterStop: 2_500 },
    ]);
    const range = 'from=2025-03-01T10:00:00Z&to=2025-03-01T13:00:00Z';
    const ofA = [
      { at: '2025-03-01T10:00:00.000Z', energyWh: 700, sessions: 2 },
      { at: '2025-03-01T11:00:00.000Z', energyWh: 5_000, sessions: 0 },
      { at: '2025-03-01T12:00:00.000Z', energyWh: 0, sessions: 1 },
    ];
    expect(await energy(`bucket=hour&${range}&stationId=${a.id}`)).toMatchObject({ status: 200, body: ofA });
    expect((await energy(`${range}&siteId=${site.body.id}`)).body).toEqual(ofA);
    expect((await energy(range)).body).toEqual([
      { at: '2025-03-01T10:00:00.000Z', energyWh: 700, sessions: 3 },
      { at: '2025-03-01T11:00:00.000Z', energyWh: 5_000, sessions: 0 },
      { at: '2025-03-01T12:00:00.000Z', energyWh: 2_500, sessions: 1 },
    ]);

    // By the day: local midnights; the days add up to every session's energy exactly.
    const days = [new Date(2025, 1, 28), new Date(2025, 2, 1), new Date(2025, 2, 2)];
    const byDay = await energy(`bucket=day&from=${iso(days[0]!)}&to=${iso(new Date(2025, 2, 3))}&stationId=${a.id}`);
    expect(byDay.body).toEqual([
      { at: iso(days[0]!), energyWh: 0, sessions: 0 },
      { at: iso(days[1]!), energyWh: 5_700, sessions: 3 },
      { at: iso(days[2]!), energyWh: 0, sessions: 0 },
    ]);
  });

  it('defaults to today by the hour, from local midnight', async () => {
    const today = await energy('');
    expect(today.status).toBe(200);
    const midnight = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate());
    const tomorrow = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() + 1);
    expect(today.body).toHaveLength((tomorrow.getTime() - midnight.getTime()) / 3_600_000);
    expect(today.body[0].at).toBe(iso(midnight));
    expect(today.body.every((b: { energyWh: number }) => b.energyWh === 0)).toBe(true);
  });

  it('is bounded (62 days by the hour, 400 by the day) and refuses bad input naming the field', async () => {
    const from = new Date(2025, 0, 1);
    const at = (days: number, hours = 0) => iso(new Date(from.getTime() + days * 86_400_000 + hours * 3_600_000));
    expect((await energy(`from=${iso(from)}&to=${at(62)}`)).body).toHaveLength(24 * 62);
    expect(await energy(`from=${iso(from)}&to=${at(62, 1)}`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'from' }] } } });
    expect(await energy(`bucket=day&from=${iso(from)}&to=${iso(new Date(2026, 1, 5))}`)).toMatchObject({ status: 200, body: expect.any(Array) });
    expect((await energy(`bucket=day&from=${iso(from)}&to=${iso(new Date(2026, 1, 5))}`)).body).toHaveLength(400);
    expect(await energy(`bucket=day&from=${iso(from)}&to=${iso(new Date(2026, 1, 6))}`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'from' }] } } });
    expect(await energy(`from=${at(1)}&to=${iso(from)}`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'to' }] } } });
    for (const [query, field] of [['bucket=week', 'bucket'], ['from=yesterday', 'from'], ['stationId=abc', 'stationId'], ['color=red', 'color']]) {
      expect(await energy(query!), query).toMatchObject({ status: 400, body: { details: { fields: [{ field }] } } });
    }
    expect(await energy('stationId=2000000000')).toMatchObject({ status: 404, body: { details: { field: 'stationId' } } });
    expect(await energy('siteId=2000000000')).toMatchObject({ status: 404, body: { details: { field: 'siteId' } } });
    expect((await api(app, await aToken(app, 'viewer')).get('/stats/energy')).status).toBe(200);
  });
});

/** Seconds of [from, to) inside [dayStart, dayEnd). */
const overlapS = (from: Date, to: Date, dayStart: Date, dayEnd: Date) =>
  Math.max(0, (Math.min(to.getTime(), dayEnd.getTime()) - Math.max(from.getTime(), dayStart.getTime())) / 1000);

describe('GET /api/stations/{id}/utilisation', () => {
  it('gives each connector, each of the last days, the time a session ran on it and its share of the day (today so far)', async () => {
    const station = await aStation(app.services);
    const overnight = { from: new Date('2025-03-03T22:00:00Z'), to: new Date('2025-03-04T02:00:00Z') };
    const running = { from: new Date('2025-03-05T09:00:00Z'), to: NOW };
    await charge(await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 }), [
      { connectorId: 1, from: iso(overnight.from), to: iso(overnight.to), meterStart: 0, meterStop: 10_000 },
      { connectorId: 1, from: iso(running.from), meterStart: 10_000 },
    ]);

    const res = await api(app).get(`/stations/${station.id}/utilisation?days=3`);
    expect(res.status).toBe(200);
    const expected = [-2, -1, 0].flatMap((n) => {
      const day = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() + n);
      const end = new Date(Math.min(new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() + n + 1).getTime(), NOW.getTime()));
      const busyS = overlapS(overnight.from, overnight.to, day, end) + overlapS(running.from, running.to, day, end);
      const lengthS = (end.getTime() - day.getTime()) / 1000;
      return [
        { day: iso(day), connectorId: 1, busyS, share: Math.round((busyS / lengthS) * 10_000) / 10_000 },
        { day: iso(day), connectorId: 2, busyS: 0, share: 0 },
      ];
    });
    expect(res.body).toEqual(expected);
    // Every second of both sessions is on some day.
    expect(expected.reduce((a, r) => a + r.busyS, 0)).toBe(4 * 3_600 + 3 * 3_600);

    expect((await api(app).get(`/stations/${station.id}/utilisation`)).body).toHaveLength(30 * 2);
    for (const days of ['0', '401', 'abc']) {
      expect(await api(app).get(`/stations/${station.id}/utilisation?days=${days}`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'days' }] } } });
    }
    expect(await api(app).get('/stations/2000000000/utilisation')).toMatchObject({ status: 404, body: { details: { field: 'stationId' } } });
  });
});
