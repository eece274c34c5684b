// A charger's logs as the console pages them (issue 18): its command log, protocol violations, security events and
// certificate signings, each newest first on (its time, id). A cursor walk returns every row once, also while rows
// arrive between page reads; offset still works for old clients; bad paging is a 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Row { id: number; [time: string]: unknown }
interface Log {
  path: string;
  /** The field the log is ordered by (then id). */
  time: string;
  /** Adds one row to the station's log; `ageS` seconds in the past where the log's time is the charger's. */
  add(stationId: number, cp: ChargePoint, ageS?: number): Promise<void>;
}

const logs: Record<string, Log> = {
  commands: {
    path: 'commands', time: 'requestedAt',
    async add(stationId) {
      expect((await api(app).post(`/stations/${stationId}/commands/ClearCache`, {})).status).toBe(200);
    },
  },
  violations: {
    path: 'violations', time: 'receivedAt',
    add: (stationId) => app.services.protocolViolations.record(stationId, 'StatusNotification', 'req',
      [{ relaxation: 'numericString', path: '/connectorId', original: '1', repaired: 1 }]),
  },
  'security-events': {
    path: 'security-events', time: 'occurredAt',
    async add(stationId, _cp, ageS = 0) {
      await app.services.securityEvents.record(stationId, { type: 'InvalidMessages', techInfo: null, occurredAt: new Date(Date.now() - ageS * 1000) });
    },
  },
  certificates: {
    path: 'certificates', time: 'requestedAt',
    // Text that is no CSR: a Rejected signing, recorded as every SignCertificate is.
    async add(stationId) { await app.services.certificates.sign(stationId, 'not a CSR'); },
  },
};

/** Newest first: the log's time, then id, both descending. */
const inOrder = (time: string) => (a: Row, b: Row) => Date.parse(String(b[time])) - Date.parse(String(a[time])) || b.id - a.id;

async function aStationWithLog(log: Log, rows: number) {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId);
  for (let i = 0; i < rows; i++) await log.add(station.id, cp);
  return { station, cp, base: `/stations/${station.id}/${log.path}` };
}

describe.each(Object.entries(logs))('GET /api/stations/{id}/%s, page by page', (_name, log) => {
  it('walks every row exactly once, newest first; rows that arrive between page reads come after the walk', async () => {
    const { station, cp, base } = await aStationWithLog(log, 5);
    const all = (await getPage<Row>(app, `${base}?limit=500`, viewer)).body;
    expect(all).toHaveLength(5);

    const { rows, pages } = await walkPages<Row>(app, `${base}?limit=2`, async (pagesRead) => {
      // Newer than the cursor: a new walk shows it, this one does not.
      if (pagesRead === 1) await log.add(station.id, cp);
    });
    expect(pages).toBe(3);
    expect(rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect([...rows].sort(inOrder(log.time)).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect((await walkPages<Row>(app, `${base}?limit=2`)).rows).toHaveLength(6);
  });

  it('keeps offset for old clients; cursor with offset, a bad cursor or limit is a 400 naming it; an unknown station a 404', async () => {
    const { base } = await aStationWithLog(log, 4);
    const all = (await getPage<Row>(app, `${base}?limit=500`)).body;
    expect((await api(app).get(`${base}?limit=2&offset=1`)).body.map((r: Row) => r.id)).toEqual(all.slice(1, 3).map((r) => r.id));
    const first = await getPage<Row>(app, `${base}?limit=2`);
    for (const [query, field] of [
      [`cursor=${first.nextCursor}&offset=1`, 'cursor'], ['cursor=abc', 'cursor'], ['limit=0', 'limit'], ['limit=x', 'limit'], ['order=asc', 'order'],
    ] as const) {
      const res = await api(app).get(`${base}?${query}`);
      expect([query, res.status, res.body.message]).toEqual([query, 400, expect.stringMatching(new RegExp(`^${field}\\b`))]);
    }
    expect((await api(app).get(`/stations/2147483000/${log.path}`)).status).toBe(404);
  });
});

describe('GET /api/stations/{id}/security-events, rows older than the cursor', () => {
  it('an event the charger dated before the page just read is still ahead of the cursor: this walk shows it', async () => {
    const log = logs['security-events']!;
    const { station, cp, base } = await aStationWithLog(log, 4);
    const { rows } = await walkPages<Row>(app, `${base}?limit=2`, async (pagesRead) => {
      if (pagesRead === 1) await log.add(station.id, cp, 3600);
    });
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(Date.parse(String(rows[4]!.occurredAt))).toBeLessThan(Date.now() - 3_000_000);
  });
});
