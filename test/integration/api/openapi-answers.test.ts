// The document describes the real answers: a station, a session the simulator ran and its invoice, a booking, a
// site, an issue, ... each read through the API and validated against the schemas FROM /api/openapi.json by a JSON
// Schema validator of its own (ajv), as a generated client would read them. Then every GET of the document that
// this data can fill is called and its answer validated, so a schema nobody's test reads is still checked here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, type ApiResponse } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aBookingFromNow, afterReserveNow, aHolder, slotsOf } from '../../helpers/bookings.js';
import { OpenApiAnswers } from '../../helpers/openapi-answers.js';

let app: TestApp;
let doc: OpenApiAnswers;
/** Each path parameter's value, from the rows made below. */
const ids: Record<string, number> = {};

beforeAll(async () => {
  app = await startTestApp();
  doc = new OpenApiAnswers((await api(app).get('/openapi.json')).body);
});
afterAll(async () => {
  await closeChargers();
  await app.stop();
});

/** The answer must have the documented success status and match the documented schema. */
function expectDocumented(method: string, path: string, res: ApiResponse, status = 200): void {
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(doc.errors(method, path, res.body)).toEqual([]);
}

describe('real answers match the schemas of /api/openapi.json', () => {
  it('for a charger\'s session from start to a paid invoice, a booking, a site and an issue', async () => {
    const station = await aStation(app.services);
    const tariff = await api(app).post('/tariffs', { name: 'Schema check', currency: 'EUR', pricePerKwhMinor: 30, stationIds: [station.id] });
    expectDocumented('post', '/api/tariffs', tariff, 201);
    const holder = await aHolder(app, 'Schema Holder');
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: holder.idTag, meterStart: 1_000, timestamp: new Date().toISOString() });
    expectDocumented('get', '/api/sessions/{sessionId}', await api(app).get(`/sessions/${transactionId}`));
    await cp.call('StopTransaction', { transactionId, meterStop: 6_000, timestamp: new Date().toISOString() });
    const session = await api(app).get(`/sessions/${transactionId}`);
    expectDocumented('get', '/api/sessions/{sessionId}', session);
    const invoiceId = session.body.invoice.id as number;
    expectDocumented('post', '/api/invoices/{invoiceId}/pay', await api(app).post(`/invoices/${invoiceId}/pay`, { method: 'card' }, { 'idempotency-key': `schema-${invoiceId}` }));

    const bookingId = await aBookingFromNow(app, station.id, holder, new Date());
    await afterReserveNow(app, bookingId);
    const site = await api(app).post('/sites', { name: 'Schema site', maxCurrentA: 32, phases: 3, failsafeCurrentA: 6 });
    expectDocumented('post', '/api/sites', site, 201);
    const issue = await api(app).post('/issues', { stationId: station.id, connectorId: 1, title: 'Cable worn' });
    expectDocumented('post', '/api/issues', issue, 201);
    const account = await api(app).post('/accounts', { name: `schema-${station.id}`, role: 'viewer' });
    expectDocumented('post', '/api/accounts', account, 201);

    Object.assign(ids, {
      stationId: station.id, sessionId: transactionId, invoiceId, bookingId, customerId: holder.customerId, idTagId: holder.idTagId,
      slotId: (await slotsOf(app, station.id))[1]!, siteId: site.body.id, issueId: issue.body.id, tariffId: tariff.body.id,
      accountId: account.body.id,
    });
    for (const path of ['/api/stations/{stationId}', '/api/invoices/{invoiceId}', '/api/bookings/{bookingId}', '/api/customers/{customerId}', '/api/sites/{siteId}']) {
      expectDocumented('get', path, await api(app).get(path.slice(4).replace(/\{(\w+)\}/g, (_m, name: string) => String(ids[name]))));
    }
  });

  it('for every GET of the document these rows can fill', async () => {
    const checked: string[] = [];
    const failures: string[] = [];
    for (const { method, path } of doc.operations()) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (method !== 'get' || names.some((n) => ids[n] === undefined) || !doc.documented(method, path).schema) continue;
      // The driver API (issue 19) refuses the admin's staff token; its own tests run under the response check.
      if (doc.doc.paths[path][method]['x-required-role'] === 'driver') continue;
      const res = await api(app).get(path.slice(4).replace(/\{(\w+)\}/g, (_m, name: string) => String(ids[name])));
      if (res.status !== 200) failures.push(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      else failures.push(...doc.errors(method, path, res.body));
      checked.push(path);
    }
    expect(failures).toEqual([]);
    // The lists hold the rows made above, so their item schemas met real items.
    expect(checked).toEqual(expect.arrayContaining(['/api/stations', '/api/slots', '/api/sessions', '/api/invoices', '/api/bookings', '/api/customers', '/api/issues', '/api/sites', '/api/accounts', '/api/me']));
  });

  it('documents a paged list\'s next page in its headers', async () => {
    const sessions = doc.documented('get', '/api/sessions');
    expect(sessions.schema).toMatchObject({ type: 'array', items: { type: 'object', additionalProperties: false } });
    expect(Object.keys(sessions.headers)).toEqual(['X-Next-Cursor', 'Link']);
  });
});
