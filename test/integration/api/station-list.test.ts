// GET /api/stations as the console pages it (issue 18): by chargeBoxId or most recently seen, a cursor walk returns
// every station once even while stations are registered meanwhile, each filter narrows to its stations (each
// test's stations share a random prefix, and ?q= of it keeps the rows of other tests out), and bad input is a 400
// naming the field.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger } from '../../helpers/charger.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Row { id: number; chargeBoxId: string; name: string | null; online: boolean; lastSeenAt: string | null; connectors: Array<{ connectorId: number; status: string }> }

const aPrefix = () => `L${randomBytes(3).toString('hex')}`;

async function aStationNamed(chargeBoxId: string, o: Record<string, unknown> = {}): Promise<Row> {
  const res = await api(app).post('/stations', { chargeBoxId, password: false, ...o });
  expect(res.status).toBe(201);
  return res.body as Row;
}

const idsOf = (rows: Row[]) => rows.map((r) => r.chargeBoxId);
const listed = async (query: string) => (await walkPages<Row>(app, `/stations?${query}`)).rows;

describe('GET /api/stations, page by page', () => {
  it('walks every station exactly once by chargeBoxId, and a station registered meanwhile comes in its place when still ahead', async () => {
    const p = aPrefix();
    for (const n of ['03', '05', '07', '09', '11']) await aStationNamed(`${p}-${n}`);
    const first = await getPage<Row>(app, `/stations?q=${p}&limit=2`, viewer);
    expect(first.body.map((r) => r.chargeBoxId)).toEqual([`${p}-03`, `${p}-05`]);
    expect(first.next).toBe(`/stations?q=${p}&limit=2&cursor=${first.nextCursor}`);

    const { rows, pages } = await walkPages<Row>(app, `/stations?q=${p}&limit=2`, async (pagesRead) => {
      // After 03, 05: one before the cursor (not in this walk), one ahead of it (in its place).
      if (pagesRead === 1) { await aStationNamed(`${p}-04`); await aStationNamed(`${p}-08`); }
    });
    expect(idsOf(rows)).toEqual([`${p}-03`, `${p}-05`, `${p}-07`, `${p}-08`, `${p}-09`, `${p}-11`]);
    expect(pages).toBe(3);
    expect(idsOf(await listed(`q=${p}&limit=500`))).toHaveLength(7);
    const whole = await getPage<Row>(app, `/stations?q=${p}&limit=7`);
    expect([whole.body.length, whole.next, whole.nextCursor]).toEqual([7, null, null]);
  });

  it('sort=-lastSeenAt: the most recently seen first, the never seen last, every station once', async () => {
    const p = aPrefix();
    const never = await aStationNamed(`${p}-never`);
    const earlier = await aStationNamed(`${p}-earlier`);
    const later = await aStationNamed(`${p}-later`);
    await bootedCharger(app, earlier.chargeBoxId);
    await waitFor(async () => (await api(app).get(`/stations/${earlier.id}`)).body.lastSeenAt !== null);
    await bootedCharger(app, later.chargeBoxId);
    const { rows } = await walkPages<Row>(app, `/stations?q=${p}&sort=-lastSeenAt&limit=1`, async (pagesRead) => {
      // Never seen, and after `later` in the order: still ahead of the cursor, so in this walk.
      if (pagesRead === 1) await aStationNamed(`${p}-newcomer`);
    });
    expect(idsOf(rows).slice(0, 2)).toEqual([later.chargeBoxId, earlier.chargeBoxId]);
    expect(idsOf(rows).slice(2).sort()).toEqual([never.chargeBoxId, `${p}-newcomer`].sort());
    expect(rows.map((r) => r.lastSeenAt === null)).toEqual([false, false, true, true]);
  });

  it('each row says online and its connectors\' statuses', async () => {
    const p = aPrefix();
    const station = await aStationNamed(`${p}-1`);
    await aStationNamed(`${p}-2`);
    const cp = await bootedCharger(app, station.chargeBoxId, { connectors: 2 });
    await cp.call('StatusNotification', { connectorId: 2, status: 'Charging', errorCode: 'NoError' });
    const rows = await waitFor(async () => {
      const r = await listed(`q=${p}`);
      return r[0]?.connectors.some((c) => c.status === 'Charging') && r;
    });
    expect(rows.map((r) => [r.chargeBoxId, r.online])).toEqual([[`${p}-1`, true], [`${p}-2`, false]]);
    expect(rows[0]!.connectors.map((c) => c.connectorId)).toEqual([...rows[0]!.connectors.map((c) => c.connectorId)].sort());
    expect(rows[0]!.connectors).toContainEqual({ connectorId: 2, status: 'Charging' });
    expect(rows[1]!.connectors).toEqual([]);
  });
});

describe('GET /api/stations filters', () => {
  it('q: the start of the chargeBoxId or of the name, in any case; its wildcards are plain characters', async () => {
    const p = aPrefix();
    await aStationNamed(`${p}-A`, { name: 'Car park North' });
    await aStationNamed(`${p}_B`, { name: 'Depot' });
    const named = await aStationNamed(`X${p}-C`, { name: `${p} depot east` });
    expect(idsOf(await listed(`q=${p.toUpperCase()}`))).toEqual([`${p}-A`, `${p}_B`, named.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}_`))).toEqual([`${p}_B`]);
    expect(idsOf(await listed(`q=${p}%25`))).toEqual([]);
  });

  it('status, faulted and online narrow to the stations whose connectors and connection say so', async () => {
    const p = aPrefix();
    const faulty = await aStationNamed(`${p}-faulty`);
    const fine = await aStationNamed(`${p}-fine`);
    await aStationNamed(`${p}-offline`);
    const cp = await bootedCharger(app, faulty.chargeBoxId, { connectors: 2 });
    await bootedCharger(app, fine.chargeBoxId);
    await cp.call('StatusNotification', { connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure' });
    await waitFor(async () => (await listed(`q=${p}&status=Faulted`)).length === 1);
    expect(idsOf(await listed(`q=${p}&status=Faulted`))).toEqual([faulty.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&faulted=true`))).toEqual([faulty.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&faulted=false`))).toEqual([fine.chargeBoxId, `${p}-offline`]);
    expect(idsOf(await listed(`q=${p}&status=Available&faulted=false`))).toEqual([fine.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&online=true`))).toEqual([faulty.chargeBoxId, fine.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&online=false`))).toEqual([`${p}-offline`]);
    await cp.close();
    await waitFor(async () => (await listed(`q=${p}&online=true`)).length === 1);
    expect(idsOf(await listed(`q=${p}&online=false`))).toEqual([faulty.chargeBoxId, `${p}-offline`]);
  });

  it('siteId, maintenance, active and registrationStatus', async () => {
    const p = aPrefix();
    const inSite = await aStationNamed(`${p}-site`);
    const underRepair = await aStationNamed(`${p}-repair`);
    const retired = await aStationNamed(`${p}-retired`);
    const pending = await aStationNamed(`${p}-pending`, { registrationStatus: 'Pending' });
    const site = await api(app).post('/sites', { name: `Site ${p}`, maxCurrentA: 32, phases: 3, failsafeCurrentA: 0 });
    expect(site.status).toBe(201);
    expect((await api(app).patch(`/stations/${inSite.id}`, { siteId: site.body.id })).status).toBe(200);
    expect((await api(app).post('/issues', { stationId: underRepair.id, connectorId: 0, title: 'Cable cut' })).status).toBe(201);
    expect((await api(app).delete(`/stations/${retired.id}`)).status).toBe(200);

    expect(idsOf(await listed(`q=${p}&siteId=${site.body.id}`))).toEqual([inSite.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&maintenance=true`))).toEqual([underRepair.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&maintenance=false`))).not.toContain(underRepair.chargeBoxId);
    expect(idsOf(await listed(`q=${p}&active=false`))).toEqual([retired.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&registrationStatus=Pending`))).toEqual([pending.chargeBoxId]);
    expect(idsOf(await listed(`q=${p}&active=true&registrationStatus=Accepted`))).toEqual([underRepair.chargeBoxId, inSite.chargeBoxId]);
  });

  it('bad input is a 400 naming the field, and an unknown one too', async () => {
    const p = aPrefix();
    await aStationNamed(`${p}-1`);
    await aStationNamed(`${p}-2`);
    const byLastSeen = await getPage<Row>(app, `/stations?q=${p}&sort=-lastSeenAt&limit=1`);
    for (const [query, field] of [
      ['status=Broken', 'status'], ['online=yes', 'online'], ['faulted=1', 'faulted'], ['maintenance=', 'maintenance'],
      ['active=TRUE', 'active'], ['registrationStatus=accepted', 'registrationStatus'], ['siteId=abc', 'siteId'],
      ['sort=name', 'sort'], ['limit=0', 'limit'], ['limit=501', 'limit'], ['cursor=nonsense', 'cursor'], ['q=', 'q'],
      // A cursor of one order given with another.
      [`cursor=${byLastSeen.nextCursor}`, 'cursor'], ['colour=red', 'colour'],
    ] as const) {
      const res = await api(app, viewer).get(`/stations?${query}`);
      expect([query, res.status, res.body.error, res.body.message]).toEqual([query, 400, 'BadRequest', expect.stringMatching(new RegExp(`^${field}\\b`))]);
    }
    expect((await api(app, null).get('/stations')).status).toBe(401);
  });
});
