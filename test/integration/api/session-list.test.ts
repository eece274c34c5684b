// GET /api/sessions as the console pages it (issue 18): newest first on (startedAt, id), a cursor walk returns every
// row once even while sessions start meanwhile, each filter narrows to its rows, and bad input is a 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { aHolder } from '../../helpers/bookings.js';
import { api } from '../../helpers/api.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
useStaffTestApp((s) => { app = s.app; });

interface Row { id: number; startedAt: string; connectorId: number; idTag: string; customer: { id: number; name: string } | null }

/** A stopped session started at `at` on that connector. */
async function aSessionAt(cp: ChargePoint, connectorId: number, idTag: string, at: string): Promise<number> {
  const { transactionId } = await cp.call('StartTransaction', { connectorId, idTag, meterStart: 0, timestamp: at });
  await cp.call('StopTransaction', { transactionId, meterStop: 500, timestamp: new Date(Date.parse(at) + 60_000).toISOString() });
  return transactionId as number;
}

/** The list's order: startedAt, then id, both descending. */
const newestFirst = (a: Row, b: Row) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id - a.id;

/**
 * A station with nine stopped sessions on two connectors, three pairs of them starting at the same instant (the id
 * breaks the tie), and a holder whose tag started the sessions of connector 2.
 */
async function aStationWithHistory() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors: 2 });
  const holder = await aHolder(app, `Walker ${randomIdTag()}`);
  const stray = randomIdTag();
  const ids: number[] = [];
  for (const minute of [10, 20, 30, 30, 40, 40, 50, 50, 59]) {
    const onTwo = ids.length % 2 === 1;
    ids.push(await aSessionAt(cp, onTwo ? 2 : 1, onTwo ? holder.idTag : stray, `2026-03-01T10:${minute}:00.000Z`));
  }
  return { station, cp, holder, stray, ids };
}

describe('GET /api/sessions, page by page', () => {
  it('walks every row exactly once, newest first, with limit and cursor (Link rel=next, X-Next-Cursor)', async () => {
    const { station, ids } = await aStationWithHistory();
    const first = await getPage<Row>(app, `/sessions?stationId=${station.id}&limit=4`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(4);
    expect(first.next).toBe(`/sessions?stationId=${station.id}&limit=4&cursor=${first.nextCursor}`);

    const { rows, pages } = await walkPages<Row>(app, `/sessions?stationId=${station.id}&limit=4`);
    expect(pages).toBe(3);
    expect(rows.map((r) => r.id)).toEqual([...rows].sort(newestFirst).map((r) => r.id));
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    // A page that ends on the last row says so: no next page.
    const whole = await getPage<Row>(app, `/sessions?stationId=${station.id}&limit=9`);
    expect([whole.body.length, whole.next, whole.nextCursor]).toEqual([9, null, null]);
  });

  it('shows every row once while sessions start between page reads: newer ones wait for a new walk, older ones come in order', async () => {
    const { station, cp, stray, ids } = await aStationWithHistory();
    const added: number[] = [];
    const { rows } = await walkPages<Row>(app, `/sessions?stationId=${station.id}&limit=2`, async (pagesRead) => {
      if (pagesRead !== 1) return;
      // One newer than every row (before the cursor: not in this walk), one older than every row (still ahead).
      added.push(await aSessionAt(cp, 1, stray, '2026-03-01T11:30:00.000Z'), await aSessionAt(cp, 1, stray, '2026-03-01T09:00:00.000Z'));
    });
    const seen = rows.map((r) => r.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort((a, b) => a - b)).toEqual([...ids, added[1]!].sort((a, b) => a - b));
    expect((await walkPages<Row>(app, `/sessions?stationId=${station.id}&limit=2`)).rows).toHaveLength(11);
  });

  it('keeps offset for old clients', async () => {
    const { station } = await aStationWithHistory();
    const all = (await api(app).get(`/sessions?stationId=${station.id}`)).body as Row[];
    const third = await getPage<Row>(app, `/sessions?stationId=${station.id}&limit=3&offset=3`);
    expect(third.body.map((r) => r.id)).toEqual(all.slice(3, 6).map((r) => r.id));
    // Its next page is a cursor, not the next offset.
    expect(third.next).toBe(`/sessions?stationId=${station.id}&limit=3&cursor=${third.nextCursor}`);
    expect((await getPage<Row>(app, third.next!)).body.map((r) => r.id)).toEqual(all.slice(6, 9).map((r) => r.id));
  });
});

describe('GET /api/sessions filters', () => {
  it('narrows to a connector, a customer, a tag (by id or text, any case), a site, a time range and q', async () => {
    const { station, holder, stray, ids } = await aStationWithHistory();
    const idsOf = async (query: string) => ((await walkPages<Row>(app, `/sessions?${query}&limit=3`)).rows).map((r) => r.id);
    const onTwo = ids.filter((_id, i) => i % 2 === 1);
    const onOne = ids.filter((_id, i) => i % 2 === 0);
    const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);

    expect(await idsOf(`stationId=${station.id}&connectorId=2`)).toEqual(desc(onTwo));
    expect(await idsOf(`customerId=${holder.customerId}`)).toEqual(desc(onTwo));
    expect(await idsOf(`idTagId=${holder.idTagId}`)).toEqual(desc(onTwo));
    expect(await idsOf(`idTag=${holder.idTag.toUpperCase()}`)).toEqual(desc(onTwo));
    expect(await idsOf(`idTag=${stray.toLowerCase()}`)).toEqual(desc(onOne));
    expect(await idsOf(`stationId=${station.id}&from=2026-03-01T10:40:00Z&to=2026-03-01T10:50:00Z`)).toEqual(desc(ids.slice(4, 6)));
    // q: a whole tag, a chargeBoxId's start, a customer name's start, in any case.
    expect(await idsOf(`q=${stray.toLowerCase()}`)).toEqual(desc(onOne));
    expect(await idsOf(`q=${station.chargeBoxId.slice(0, 8).toLowerCase()}`)).toEqual(desc(ids));
    const customer = (await api(app).get(`/customers/${holder.customerId}`)).body as { name: string };
    expect(await idsOf(`q=${encodeURIComponent(customer.name.slice(0, 12).toUpperCase())}`)).toEqual(desc(onTwo));
    expect(await idsOf(`q=${encodeURIComponent('%')}`)).toEqual([]);

    const site = await api(app).post('/sites', { name: `Site ${randomIdTag()}`, maxCurrentA: 32, failsafeCurrentA: 0, phases: 3 });
    expect(site.status).toBe(201);
    expect((await api(app).patch(`/stations/${station.id}`, { siteId: site.body.id })).status).toBe(200);
    expect(await idsOf(`siteId=${site.body.id}`)).toEqual(desc(ids));
    expect(await idsOf(`siteId=${site.body.id}&state=active`)).toEqual([]);
    expect(await idsOf(`siteId=${site.body.id}&state=completed&customerId=${holder.customerId}`)).toEqual(desc(onTwo));
  });

  it.each([
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['x', 1])).toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 5])).toString('base64url')}&offset=3`, 'cursor'],
    ['limit=501', 'limit'], ['limit=-1', 'limit'], ['offset=x', 'offset'],
    ['state=paid', 'state'], ['connectorId=1', 'connectorId'], ['stationId=1&connectorId=0', 'connectorId'],
    ['customerId=abc', 'customerId'], ['idTagId=1.5', 'idTagId'], ['siteId=-3', 'siteId'],
    [`idTag=${'T'.repeat(21)}`, 'idTag'], ['q=', 'q'], [`q=${'x'.repeat(101)}`, 'q'], ['to=tomorrow', 'to'], ['sort=id', 'sort'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const res = await api(app).get(`/sessions?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect(res.body.message).toMatch(new RegExp(`^${field}: `));
  });
});
