// A driver's own invoices and card payments (issue 19): only their own (another's is a 404), paid through the
// payment provider once per Idempotency-Key; a declined or unavailable card leaves the invoice unpaid and the
// session awaiting payment.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { aDriver, type TestDriver } from '../../helpers/drivers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await api(app).post('/tariffs', { name: 'Default', currency: 'EUR', pricePerKwhMinor: 30, pricePerMinuteMinor: 0, sessionFeeMinor: 0,
    idleFeePerMinuteMinor: 0, idleGraceMin: 0, taxRatePercent: 0, isDefault: true });
});
afterEach(closeChargers);
afterAll(() => app.stop());

const key = () => `key-${randomBytes(8).toString('hex')}`;

/** A session charged with the driver's app tag, 10 kWh, stopped: its invoice (300 EUR cents) unpaid. */
async function anInvoiceOf(driver: TestDriver): Promise<{ invoiceId: number; sessionId: number }> {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: driver.appIdTag, meterStart: 0, timestamp: '2026-03-01T10:00:00Z' });
  await cp.call('StopTransaction', { transactionId, meterStop: 10_000, timestamp: '2026-03-01T11:00:00Z' });
  const session = (await api(app).get(`/sessions/${transactionId}`)).body;
  expect(session.invoice).toMatchObject({ status: 'unpaid', totalMinor: 300, customerId: driver.customerId });
  return { invoiceId: session.invoice.id as number, sessionId: transactionId as number };
}
const awaitingPayment = async (sessionId: number) =>
  ((await api(app).get('/sessions?state=awaiting_payment&limit=500')).body as Array<{ id: number }>).some((s) => s.id === sessionId);
const pay = (driver: TestDriver, invoiceId: number, paymentToken: string, idempotencyKey = key()) =>
  driver.api.post(`/driver/invoices/${invoiceId}/pay`, { paymentToken }, { 'idempotency-key': idempotencyKey });

describe('a driver\'s invoices', () => {
  it('lists and reads only the driver\'s own; another driver\'s is a 404, a string id a 400', async () => {
    const ana = await aDriver(app, 'Ana');
    const ben = await aDriver(app, 'Ben');
    const { invoiceId } = await anInvoiceOf(ana);
    expect((await ana.api.get('/driver/invoices')).body.map((i: { id: number }) => i.id)).toEqual([invoiceId]);
    expect((await ana.api.get(`/driver/invoices/${invoiceId}`)).body).toMatchObject({ id: invoiceId, status: 'unpaid', payment: null });
    expect((await ben.api.get('/driver/invoices')).body).toEqual([]);
    expect(await ben.api.get(`/driver/invoices/${invoiceId}`)).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'invoiceId' } } });
    expect(await pay(ben, invoiceId, 'test-approve')).toMatchObject({ status: 404 });
    expect((await ana.api.get('/driver/invoices/BOOK1762958180110')).status).toBe(400);
    expect((await ana.api.get('/driver/invoices?status=open')).status).toBe(400);
  });
});

describe('paying by card', () => {
  it('a declined card is a 402 and an unavailable provider a 502: nothing recorded, still awaiting payment', async () => {
    const driver = await aDriver(app);
    const { invoiceId, sessionId } = await anInvoiceOf(driver);
    expect(await pay(driver, invoiceId, 'test-decline')).toMatchObject({ status: 402, body: { error: 'PaymentDeclined' } });
    expect(await pay(driver, invoiceId, 'test-unavailable')).toMatchObject({ status: 502, body: { error: 'PaymentUnavailable' } });
    expect((await driver.api.get(`/driver/invoices/${invoiceId}`)).body).toMatchObject({ status: 'unpaid', payment: null });
    expect(await awaitingPayment(sessionId)).toBe(true);
  });

  it('an approved card pays once under its Idempotency-Key: the same key again replays, another key is a 409', async () => {
    const driver = await aDriver(app);
    const { invoiceId, sessionId } = await anInvoiceOf(driver);
    const k = key();
    const first = await pay(driver, invoiceId, 'test-approve', k);
    expect(first).toMatchObject({ status: 200, body: { status: 'paid', payment: { method: 'card', amountMinor: 300, paidBy: `driver:${driver.customerId}` } } });
    expect(first.body.payment.reference).toMatch(/^test_[0-9a-f]{16}$/);
    const again = await pay(driver, invoiceId, 'test-approve', k);
    expect(again).toMatchObject({ status: 200, body: { payment: { id: first.body.payment.id, reference: first.body.payment.reference } } });
    expect(await pay(driver, invoiceId, 'test-approve')).toMatchObject({ status: 409 });
    expect(await awaitingPayment(sessionId)).toBe(false);
    expect((await api(app).get(`/invoices/${invoiceId}`)).body).toMatchObject({ status: 'paid', payment: { id: first.body.payment.id } });
  });

  it('refuses a missing Idempotency-Key or payment token with a 400 naming it, charging nothing', async () => {
    const driver = await aDriver(app);
    const { invoiceId } = await anInvoiceOf(driver);
    expect((await driver.api.post(`/driver/invoices/${invoiceId}/pay`, { paymentToken: 'test-approve' })).body)
      .toMatchObject({ error: 'BadRequest', details: { fields: [{ field: 'Idempotency-Key' }] } });
    expect((await pay(driver, invoiceId, '')).body).toMatchObject({ error: 'BadRequest', details: { fields: [{ field: 'paymentToken' }] } });
    expect((await driver.api.get(`/driver/invoices/${invoiceId}`)).body.status).toBe('unpaid');
  });
});
