// GET /api/invoices as the console pages it (issue 18): newest first on (issuedAt, id), a cursor walk returns every
// row once even while invoices are issued and paid meanwhile, each filter narrows to its rows, the CSV export takes
// the same filters, and bad input is a 400 naming the field.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { aHolder } from '../../helpers/bookings.js';
import { api } from '../../helpers/api.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
useStaffTestApp((s) => { app = s.app; });

interface Row { id: number; number: string; sessionId: number; status: string; issuedAt: string; customerName: string | null }

/** A session stopped now on connector 1: its invoice is issued at the stop. Returns the invoice's id. */
async function anInvoice(cp: ChargePoint, idTag: string): Promise<number> {
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: new Date(Date.now() - 60_000).toISOString() });
  await cp.call('StopTransaction', { transactionId, meterStop: 2_000, timestamp: new Date().toISOString() });
  const invoice = await api(app).get(`/sessions/${transactionId}`);
  return (invoice.body as { invoice: { id: number } }).invoice.id;
}

/** A station with seven invoices: four of a holder's tag, three of an unknown tag. */
async function aStationWithInvoices() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  const holder = await aHolder(app, `Payer ${randomIdTag()}`);
  const stray = randomIdTag();
  const ids: number[] = [];
  for (let n = 0; n < 7; n++) ids.push(await anInvoice(cp, n % 2 === 0 ? holder.idTag : stray));
  return { station, cp, holder, stray, ids };
}

const pay = (id: number) => api(app).post(`/invoices/${id}/pay`, { method: 'cash' }, { 'idempotency-key': randomUUID() });
const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);

describe('GET /api/invoices, page by page', () => {
  it('walks every invoice once, newest first, while others are issued and paid between page reads', async () => {
    const { station, cp, stray, ids } = await aStationWithInvoices();
    const first = await getPage<Row>(app, `/invoices?stationId=${station.id}&limit=3`);
    expect(first.body).toHaveLength(3);
    expect(first.next).toBe(`/invoices?stationId=${station.id}&limit=3&cursor=${first.nextCursor}`);

    let issuedMeanwhile = 0;
    const { rows, pages } = await walkPages<Row>(app, `/invoices?stationId=${station.id}&limit=3`, async (pagesRead) => {
      if (pagesRead !== 1) return;
      issuedMeanwhile = await anInvoice(cp, stray); // newer than the cursor: for the next walk
      expect((await pay(ids[0]!)).status).toBe(200); // paid, it keeps its place
    });
    expect(pages).toBe(3);
    expect(rows.map((r) => r.id)).toEqual(desc(ids));
    const sorted = [...rows].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || b.id - a.id);
    expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect((await walkPages<Row>(app, `/invoices?stationId=${station.id}&limit=3`)).rows.map((r) => r.id)).toEqual(desc([...ids, issuedMeanwhile]));
  });

  it('keeps offset for old clients', async () => {
    const { station, ids } = await aStationWithInvoices();
    const page = await getPage<Row>(app, `/invoices?stationId=${station.id}&limit=2&offset=4`);
    expect(page.body.map((r) => r.id)).toEqual(desc(ids).slice(4, 6));
    expect((await getPage<Row>(app, page.next!)).body.map((r) => r.id)).toEqual(desc(ids).slice(6));
  });
});

describe('GET /api/invoices filters, and the CSV of the same filter', () => {
  it('narrows by status, customer, session, issue time and q (number, idTag, chargeBoxId or customer name)', async () => {
    const { station, holder, stray, ids } = await aStationWithInvoices();
    const idsOf = async (query: string) => (await walkPages<Row>(app, `/invoices?${query}&limit=2`)).rows.map((r) => r.id);
    const ofHolder = ids.filter((_id, n) => n % 2 === 0);
    expect((await pay(ids[0]!)).status).toBe(200);
    expect((await api(app).post(`/invoices/${ids[1]}/void`, { reason: 'test' })).status).toBe(200);
    const here = `stationId=${station.id}`;

    expect(await idsOf(`${here}&status=paid`)).toEqual([ids[0]]);
    expect(await idsOf(`${here}&status=void`)).toEqual([ids[1]]);
    expect(await idsOf(`${here}&status=unpaid`)).toEqual(desc(ids.slice(2)));
    expect(await idsOf(`customerId=${holder.customerId}`)).toEqual(desc(ofHolder));
    const some = (await api(app).get(`/invoices/${ids[3]}`)).body as Row;
    expect(await idsOf(`sessionId=${some.sessionId}`)).toEqual([ids[3]]);
    expect(await idsOf(`${here}&from=${encodeURIComponent(some.issuedAt)}`)).toEqual(desc(ids.slice(3)));
    expect(await idsOf(`${here}&to=${encodeURIComponent(some.issuedAt)}`)).toEqual(desc(ids.slice(0, 3)));
    expect(await idsOf(`q=${some.number.toLowerCase()}`)).toEqual([ids[3]]);
    expect(await idsOf(`q=${stray.toLowerCase()}`)).toEqual(desc(ids.filter((_id, n) => n % 2 === 1)));
    expect(await idsOf(`q=${station.chargeBoxId.toLowerCase()}`)).toEqual(desc(ids));
    expect(await idsOf(`q=${encodeURIComponent(holder.idTag)}&status=unpaid`)).toEqual(desc(ofHolder.slice(1)));
    const name = ((await api(app).get(`/customers/${holder.customerId}`)).body as { name: string }).name;
    expect(await idsOf(`q=${encodeURIComponent(name.toLowerCase())}`)).toEqual(desc(ofHolder));

    // The CSV of the list shown: the same filters, oldest first.
    const csv = await fetch(`${app.url}/api/exports/invoices.csv?${here}&status=unpaid&q=${holder.idTag}`,
      { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).split('\r\n').filter(Boolean);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(ofHolder.slice(1));
    const sessions = await fetch(`${app.url}/api/exports/sessions.csv?${here}&customerId=${holder.customerId}&state=awaiting_payment`,
      { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const sessionLines = (await sessions.text()).split('\r\n').filter(Boolean).slice(1);
    expect(sessionLines.map((l) => l.split(',')[10])).toEqual(ofHolder.slice(1).map((id) => `INV-${String(id).padStart(6, '0')}`));
  });

  it.each([
    ['/invoices?status=open', 'status'], ['/invoices?sessionId=x', 'sessionId'], ['/invoices?customerId=0', 'customerId'],
    ['/invoices?cursor=abc', 'cursor'], ['/invoices?q=', 'q'], ['/invoices?limit=1000', 'limit'],
    [`/invoices?offset=2&cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 5])).toString('base64url')}`, 'cursor'],
    ['/exports/invoices.csv?status=open', 'status'], ['/exports/invoices.csv?cursor=abc', 'cursor'],
    ['/exports/sessions.csv?connectorId=2', 'connectorId'], ['/exports/sessions.csv?state=paid', 'state'],
  ])('GET %s is a 400 naming %s', async (path, field) => {
    const res = await api(app).get(path);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
  });
});
