// GET /api/stations/{id}/status-history (issue 18): the StatusNotifications a charger sent, newest first on
// (receivedAt, id), as the console draws each connector's status timeline from them: one connector's, a time range,
// a cursor walk that returns every report once while reports keep coming, and bad input a 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';
import type { ConnectorStatus } from '../../../src/domain/model.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Report { id: number; stationId: number; connectorId: number; status: string; errorCode: string; receivedAt: string; chargerTimestamp: string | null }

const STATUSES = ['Preparing', 'Charging', 'SuspendedEV', 'Finishing', 'Available'] as const;

/** A booted two-connector charger whose connectors go through a session's statuses; its history so far. */
async function aChargerWithHistory() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { connectors: 2 });
  const base = `/stations/${station.id}/status-history`;
  // The boot's own reports land too (the group writer stores them a moment later): wait for a settled count.
  const booted = await waitFor(async () => {
    const n = (await getPage<Report>(app, `${base}?limit=500`)).body.length;
    return n > 0 && n === (await getPage<Report>(app, `${base}?limit=500`)).body.length && n;
  });
  for (const status of STATUSES) await report(cp, 1, status);
  for (const status of STATUSES.slice(0, 2)) await report(cp, 2, status);
  const total = booted + STATUSES.length + 2;
  await waitFor(async () => (await getPage<Report>(app, `${base}?limit=500`)).body.length === total);
  return { station, cp, base, total };
}

const report = (cp: ChargePoint, connectorId: number, status: ConnectorStatus) =>
  cp.call('StatusNotification', { connectorId, status, errorCode: 'NoError', timestamp: new Date().toISOString() });

const newestFirst = (a: Report, b: Report) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || b.id - a.id;

describe('GET /api/stations/{id}/status-history', () => {
  it('walks every report exactly once, newest first; reports that arrive between page reads come after the walk', async () => {
    const { cp, base, total } = await aChargerWithHistory();
    const all = (await getPage<Report>(app, `${base}?limit=500`, viewer)).body;
    expect(all.map((r) => r.id)).toEqual([...all].sort(newestFirst).map((r) => r.id));
    expect(all.slice(0, 2).map((r) => [r.connectorId, r.status])).toEqual([[2, 'Charging'], [2, 'Preparing']]);

    const { rows } = await walkPages<Report>(app, `${base}?limit=3`, async (pagesRead) => {
      if (pagesRead === 1) await report(cp, 2, 'SuspendedEVSE');
    });
    expect(rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    await waitFor(async () => (await walkPages<Report>(app, `${base}?limit=3`)).rows.length === total + 1);
  });

  it('one connector\'s timeline, and a time range [from, to)', async () => {
    const { cp, base } = await aChargerWithHistory();
    const one = (await walkPages<Report>(app, `${base}?connectorId=1&limit=2`)).rows;
    expect(one.every((r) => r.connectorId === 1)).toBe(true);
    expect(one.slice(0, STATUSES.length).map((r) => r.status)).toEqual([...STATUSES].reverse());

    const from = (await getPage<Report>(app, `${base}?limit=1`)).body[0]!.receivedAt;
    await report(cp, 1, 'Faulted');
    const later = await waitFor(async () => {
      const r = (await getPage<Report>(app, `${base}?limit=1`)).body[0]!;
      return r.status === 'Faulted' && r;
    });
    const since = (await getPage<Report>(app, `${base}?from=${from}`)).body;
    expect(since.map((r) => r.status)).toEqual(['Faulted', 'Charging']);
    const before = (await getPage<Report>(app, `${base}?connectorId=1&to=${later.receivedAt}&limit=1`)).body;
    expect(before.map((r) => r.status)).toEqual(['Available']);
  });

  it('bad input is a 400 naming the field; an unknown station a 404; it needs a token', async () => {
    const { base } = await aChargerWithHistory();
    for (const [query, field] of [
      ['connectorId=-1', 'connectorId'], ['connectorId=one', 'connectorId'], ['from=yesterday', 'from'],
      ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'], ['limit=501', 'limit'], ['cursor=xyz', 'cursor'],
      ['status=Faulted', 'status'],
    ] as const) {
      const res = await api(app).get(`${base}?${query}`);
      expect([query, res.status, res.body.message]).toEqual([query, 400, expect.stringMatching(new RegExp(`^${field}\\b`))]);
    }
    expect((await api(app).get('/stations/2147483000/status-history')).status).toBe(404);
    expect((await api(app, null).get(base)).status).toBe(401);
  });
});
