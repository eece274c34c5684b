// Sessions for staff: list with filters and paging, detail with the meter series.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api, aToken } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const at = (iso: string) => iso;

/** A station with three sessions of its own: two stopped (at 10:00 and 11:00 on 1 March 2025), one running. */
async function aStationWithSessions() {
  const station = await aStation(app.services);
  const tag = await anIdTag(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors: 3 });
  const ids: number[] = [];
  for (const [connectorId, hour] of [[1, 10], [2, 11]] as const) {
    const { transactionId } = await cp.call('StartTransaction', { connectorId, idTag: tag, meterStart: 1_000, timestamp: at(`2025-03-01T${hour}:00:00Z`) });
    await cp.call('MeterValues', { connectorId, transactionId, meterValue: [
      { timestamp: at(`2025-03-01T${hour}:10:00Z`), sampledValue: [{ value: '3000' }, { value: '7000', measurand: 'Power.Active.Import', unit: 'W' }, { value: '40', measurand: 'SoC', unit: 'Percent' }] },
      { timestamp: at(`2025-03-01T${hour}:20:00Z`), sampledValue: [{ value: '5000' }, { value: '6000', measurand: 'Power.Active.Import', unit: 'W' }, { value: '50', measurand: 'SoC', unit: 'Percent' }] },
    ] });
    await cp.call('StopTransaction', { transactionId, meterStop: 6_000, timestamp: at(`2025-03-01T${hour}:30:00Z`) });
    ids.push(transactionId);
  }
  const running = await cp.call('StartTransaction', { connectorId: 3, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() });
  return { station, tag, stopped: ids, runningId: running.transactionId };
}

describe('GET /api/sessions', () => {
  it('lists a station\'s sessions newest first, filtered by state', async () => {
    const { station, stopped, runningId } = await aStationWithSessions();
    const all = await api(app).get(`/sessions?stationId=${station.id}`);
    expect(all.status).toBe(200);
    expect(all.body.map((s: { id: number }) => s.id)).toEqual([runningId, stopped[1], stopped[0]]);
    expect(all.body[1]).toMatchObject({ chargeBoxId: station.chargeBoxId, connectorId: 2, energyWh: 5_000, stoppedAt: '2025-03-01T11:30:00.000Z' });

    const active = await api(app).get(`/sessions?stationId=${station.id}&state=active`);
    expect(active.body.map((s: { id: number }) => s.id)).toEqual([runningId]);
    const completed = await api(app).get(`/sessions?stationId=${station.id}&state=completed`);
    expect(completed.body.map((s: { id: number }) => s.id)).toEqual([stopped[1], stopped[0]]);
  });

  it('filters by start time (from ≤ startedAt < to) and pages', async () => {
    const { station, stopped } = await aStationWithSessions();
    const window = await api(app).get(`/sessions?stationId=${station.id}&from=2025-03-01T10:30:00Z&to=2025-03-01T11:00:00.001Z`);
    expect(window.body.map((s: { id: number }) => s.id)).toEqual([stopped[1]]);
    const page2 = await api(app).get(`/sessions?stationId=${station.id}&limit=1&offset=1`);
    expect(page2.body.map((s: { id: number }) => s.id)).toEqual([stopped[1]]);
  });

  it.each([
    ['state=paid', 'state'], ['stationId=BOOK1762958180110', 'stationId'], ['stationId=1.5', 'stationId'],
    ['from=yesterday', 'from'], ['limit=0', 'limit'], ['colour=red', 'colour'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const res = await api(app).get(`/sessions?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
  });

  it('is readable by a viewer and by no one without a token', async () => {
    expect((await api(app, await aToken(app, 'viewer')).get('/sessions')).status).toBe(200);
    expect((await api(app, null).get('/sessions')).status).toBe(401);
  });
});

describe('GET /api/sessions/:sessionId', () => {
  it('returns the session (its id is the transactionId) with its meter values and charging curve', async () => {
    const { stopped, tag } = await aStationWithSessions();
    const res = await api(app).get(`/sessions/${stopped[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: stopped[0], idTag: tag, meterStartWh: 1_000, meterStopWh: 6_000, energyWh: 5_000, customer: null });
    expect(res.body.meterValues).toHaveLength(6);
    expect(res.body.series).toEqual([
      { at: '2025-03-01T10:10:00.000Z', meterWh: 3_000, powerW: 7_000, socPercent: 40 },
      { at: '2025-03-01T10:20:00.000Z', meterWh: 5_000, powerW: 6_000, socPercent: 50 },
    ]);
  });

  it('an unknown id is a 404 naming sessionId; a non-integer one a 400', async () => {
    expect(await api(app).get('/sessions/2000000000')).toMatchObject({ status: 404, body: { details: { field: 'sessionId' } } });
    const bad = await api(app).get('/sessions/BOOK1762958180110');
    expect(bad).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'sessionId', in: 'path' }] } } });
  });
});

describe('POST /api/sessions/:sessionId/stop', () => {
  it('sends RemoteStopTransaction; the simulator stops and the session ends', async () => {
    const station = await aStation(app.services);
    const tag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { transactionId } = await cp.startSession(1, tag);

    const res = await api(app, await aToken(app, 'operator')).post(`/sessions/${transactionId}/stop`);
    expect(res).toMatchObject({ status: 200, body: { action: 'RemoteStopTransaction', outcome: 'answered', response: { status: 'Accepted' } } });
    await waitFor(async () => ((await app.services.sessions.get(transactionId)).stoppedAt ? true : undefined));
    expect((await api(app).get(`/sessions/${transactionId}`)).body).toMatchObject({ stopReason: 'Remote' });

    expect(await api(app).post(`/sessions/${transactionId}/stop`)).toMatchObject({ status: 409, body: { error: 'Conflict' } });
  });

  it('is a 503 when the charger is offline, a 403 for a viewer, a 404 for an unknown session', async () => {
    const station = await aStation(app.services);
    const tag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { transactionId } = await cp.startSession(1, tag);
    expect((await api(app, await aToken(app, 'viewer')).post(`/sessions/${transactionId}/stop`)).status).toBe(403);
    await cp.goOffline();
    await waitFor(() => !app.ocpp.registry.isOnline(station.id));
    expect(await api(app).post(`/sessions/${transactionId}/stop`)).toMatchObject({ status: 503, body: { error: 'StationOffline' } });
    expect((await api(app).post('/sessions/2000000000/stop')).status).toBe(404);
  });
});
