// Billing at the edge: bad input is a 400 naming the field and writes nothing; roles guard every new route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { api, aToken } from '../../helpers/api.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(() => app.stop());

const GOOD = { name: 'T', currency: 'EUR', pricePerKwhMinor: 30 };
const tariffCount = async () => ((await api(app).get('/tariffs')).body as unknown[]).length;
const fieldOf = (res: { body: { details: { fields: Array<{ field: string }> } } }) => res.body.details.fields[0]!.field;

describe('tariff input', () => {
  it.each([
    [{ ...GOOD, pricePerKwhMinor: -1 }, 'pricePerKwhMinor'],
    [{ ...GOOD, sessionFeeMinor: 1.5 }, 'sessionFeeMinor'],
    [{ ...GOOD, currency: 'EUX' }, 'currency'],
    [{ ...GOOD, currency: 'eur' }, 'currency'],
    [{ ...GOOD, taxRatePercent: 7.777 }, 'taxRatePercent'],
    [{ ...GOOD, stationIds: ['BOOK1762958180110'] }, 'stationIds.0'],
    [{ ...GOOD, colour: 'red' }, 'colour'],
    [{ currency: 'EUR', pricePerKwhMinor: 30 }, 'name'],
  ])('POST /tariffs %j is a 400 naming %s, and nothing is written', async (body, field) => {
    const before = await tariffCount();
    const res = await api(app).post('/tariffs', body);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(fieldOf(res)).toBe(field);
    expect(await tariffCount()).toBe(before);
  });

  it('a PATCH with a negative price or an unknown station changes nothing', async () => {
    const station = await aStation(app.services);
    const made = (await api(app).post('/tariffs', GOOD)).body;
    const bad = await api(app).patch(`/tariffs/${made.id}`, { idleFeePerMinuteMinor: -5 });
    expect(fieldOf(bad)).toBe('idleFeePerMinuteMinor');
    expect(await api(app).patch(`/tariffs/${made.id}`, { stationIds: [station.id, 2_000_000_000] }))
      .toMatchObject({ status: 404, body: { details: { field: 'stationIds' } } });
    expect((await api(app).get(`/tariffs/${made.id}`)).body).toMatchObject({ idleFeePerMinuteMinor: 0, stationIds: [] });
    expect(fieldOf(await api(app).get('/tariffs/BOOK1762958180110'))).toBe('tariffId');
  });
});

describe('invoice and export input', () => {
  it.each([
    ['/invoices/BOOK1762958180110', 'invoiceId'], ['/invoices?status=open', 'status'], ['/invoices?customerId=1.5', 'customerId'],
    ['/exports/sessions.csv?from=2025-03-02T00:00:00Z&to=2025-03-01', 'to'], ['/exports/invoices.csv?to=2025-03-01T00:00', 'to'],
    ['/exports/invoices.csv?from=yesterday&to=2025-03-02T00:00:00Z', 'from'],
  ])('GET %s is a 400 naming %s', async (path, field) => {
    const res = await api(app).get(path);
    expect(res.status).toBe(400);
    expect(fieldOf(res)).toBe(field);
  });

  it('pay needs a method and an Idempotency-Key; an unknown invoice is a 404', async () => {
    expect(fieldOf(await api(app).post('/invoices/1/pay', { method: 'bitcoin' }, { 'idempotency-key': 'k' }))).toBe('method');
    expect(fieldOf(await api(app).post('/invoices/BOOK1762958180110/pay', { method: 'cash' }, { 'idempotency-key': 'k' }))).toBe('invoiceId');
    expect(fieldOf(await api(app).post('/invoices/1/pay', { method: 'cash' }))).toBe('Idempotency-Key');
    expect(await api(app).post('/invoices/2000000000/pay', { method: 'cash' }, { 'idempotency-key': 'k2' }))
      .toMatchObject({ status: 404, body: { details: { field: 'invoiceId' } } });
  });
});

describe('roles on the billing routes', () => {
  it('401 without a token on every new route', async () => {
    const anon = api(app, null);
    for (const path of ['/tariffs', '/tariffs/1', '/invoices', '/invoices/1', '/exports/sessions.csv', '/exports/invoices.csv']) {
      expect((await anon.get(path)).status, path).toBe(401);
    }
    expect((await anon.post('/tariffs', GOOD)).status).toBe(401);
    expect((await anon.patch('/tariffs/1', {})).status).toBe(401);
    expect((await anon.delete('/tariffs/1')).status).toBe(401);
    expect((await anon.post('/invoices/1/pay', { method: 'cash' })).status).toBe(401);
    expect((await anon.post('/invoices/1/void', { reason: 'x' })).status).toBe(401);
  });

  it('viewers read, operators pay, only admins write tariffs and void', async () => {
    const viewerToken = await aToken(app, 'viewer');
    const viewer = api(app, viewerToken);
    const operator = api(app, await aToken(app, 'operator'));
    const tariff = (await api(app).post('/tariffs', GOOD)).body;
    expect((await viewer.get('/tariffs')).status).toBe(200);
    expect((await viewer.get('/invoices')).status).toBe(200);
    const csv = await fetch(`${app.url}/api/exports/invoices.csv?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z`,
      { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(csv.status).toBe(200); // the api() helper parses JSON; a CSV is read raw
    expect(await csv.text()).toMatch(/^invoice_id,/);
    expect((await viewer.post('/invoices/1/pay', { method: 'cash' }, { 'idempotency-key': 'v' })).status).toBe(403);
    for (const client of [viewer, operator]) {
      expect((await client.post('/tariffs', GOOD)).status).toBe(403);
      expect((await client.patch(`/tariffs/${tariff.id}`, { pricePerKwhMinor: 1 })).status).toBe(403);
      expect((await client.delete(`/tariffs/${tariff.id}`)).status).toBe(403);
      expect((await client.post('/invoices/1/void', { reason: 'x' })).status).toBe(403);
    }
    expect((await api(app).delete(`/tariffs/${tariff.id}`)).status).toBe(204);
  });
});
