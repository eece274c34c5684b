// Billing end to end: a simulated session stops → its invoice (priced by the station's tariff) → awaiting payment
// on the dashboard, the sessions list and the slot → paid once under an Idempotency-Key → in the CSV export.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api, aToken } from '../../helpers/api.js';
import { aHolder, slotsOf } from '../../helpers/bookings.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const key = () => `key-${randomBytes(8).toString('hex')}`;
// 30 ct/kWh, 2 ct/min, 50 ct per session, 10 ct/min idle after 10 min, 19 % tax.
const TARIFF = {
  name: 'Standard', currency: 'EUR', pricePerKwhMinor: 30, pricePerMinuteMinor: 2, sessionFeeMinor: 50,
  idleFeePerMinuteMinor: 10, idleGraceMin: 10, taxRatePercent: 19,
};

/** A booted station with its own tariff and a customer's tag. */
async function aPricedStation() {
  const station = await aStation(app.services);
  const tariff = await api(app).post('/tariffs', { ...TARIFF, stationIds: [station.id] });
  expect(tariff).toMatchObject({ status: 201, body: { taxRateBp: 1_900, stationIds: [station.id] } });
  const holder = await aHolder(app, 'Ada, "the" Lovelace');
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { station, tariffId: tariff.body.id as number, holder, cp };
}

/**
 * 10:00–11:00, 1 000 → 21 000 Wh, the car full (SuspendedEV) from 10:40: energy 20 kWh × 30 = 600, time 60 × 2 = 120,
 * fee 50, idle (20 − 10 grace) × 10 = 100 → subtotal 870, tax 165.3 → 165, total 1 035.
 */
async function aStoppedSession(cp: ChargePoint, idTag: string) {
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: '2025-03-01T10:00:00Z' });
  await cp.call('StatusNotification', { connectorId: 1, status: 'SuspendedEV', errorCode: 'NoError', timestamp: '2025-03-01T10:40:00Z' });
  await cp.call('StopTransaction', { transactionId, meterStop: 21_000, timestamp: '2025-03-01T11:00:00Z' });
  return transactionId as number;
}

const invoiceOf = async (sessionId: number) => (await api(app).get(`/sessions/${sessionId}`)).body.invoice;
const awaiting = async (stationId: number) =>
  ((await api(app).get(`/sessions?state=awaiting_payment&stationId=${stationId}`)).body as Array<{ id: number }>).map((s) => s.id);

describe('a session that ends is invoiced and awaits payment', () => {
  it('issues the invoice with the right total, shows it awaiting payment, and a keyed payment settles it once', async () => {
    const { station, holder, cp } = await aPricedStation();
    const sessionId = await aStoppedSession(cp, holder.idTag);

    const invoice = await invoiceOf(sessionId);
    expect(invoice).toMatchObject({ status: 'unpaid', currency: 'EUR', subtotalMinor: 870, taxMinor: 165, totalMinor: 1_035, customerId: holder.customerId });
    expect(invoice.number).toMatch(/^INV-\d{6,}$/);
    expect(invoice.lines.map((l: { kind: string; amountMinor: number }) => [l.kind, l.amountMinor]))
      .toEqual([['energy', 600], ['time', 120], ['session_fee', 50], ['idle', 100]]);
    expect(await awaiting(station.id)).toEqual([sessionId]);
    const dashboard = (await api(app).get('/dashboard')).body;
    expect(dashboard.sessions.awaitingPayment).toBeGreaterThanOrEqual(1);
    expect(dashboard.attention.awaitingPayment.items).toContainEqual({
      sessionId, invoiceId: invoice.id, customerName: 'Ada, "the" Lovelace', totalMinor: 1_035, currency: 'EUR',
      stoppedAt: '2025-03-01T11:00:00.000Z', stationId: station.id, connectorId: 1, authorizationStatus: 'Accepted',
    });
    const slot = (await api(app).get(`/slots/${(await slotsOf(app, station.id))[1]}`)).body;
    expect(slot.awaitingPayment).toEqual({ sessionId, bookingId: null, invoiceId: invoice.id });

    const operator = api(app, await aToken(app, 'operator'));
    const k = key();
    const [first, twin] = await Promise.all([
      operator.post(`/invoices/${invoice.id}/pay`, { method: 'card', reference: 'T-1' }, { 'idempotency-key': k }),
      operator.post(`/invoices/${invoice.id}/pay`, { method: 'card', reference: 'T-1' }, { 'idempotency-key': k }),
    ]);
    const again = await operator.post(`/invoices/${invoice.id}/pay`, { method: 'card', reference: 'T-1' }, { 'idempotency-key': k });
    expect(first).toMatchObject({ status: 200, body: { status: 'paid', payment: { method: 'card', amountMinor: 1_035 } } });
    expect(twin).toEqual(first);
    expect(again).toEqual(first);
    expect(await awaiting(station.id)).toEqual([]);
    expect((await api(app).get(`/slots/${slot.id}`)).body.awaitingPayment).toBeNull();
    expect((await api(app).get('/dashboard')).body.attention.awaitingPayment.items.map((a: { sessionId: number }) => a.sessionId)).not.toContain(sessionId);

    expect(await operator.post(`/invoices/${invoice.id}/pay`, { method: 'cash' }, { 'idempotency-key': key() }))
      .toMatchObject({ status: 409, body: { error: 'Conflict' } });
    expect(await operator.post(`/invoices/${invoice.id}/pay`, { method: 'cash' }, { 'idempotency-key': k }))
      .toMatchObject({ status: 409, body: { details: { field: 'Idempotency-Key' } } });
    expect((await api(app).get(`/invoices/${invoice.id}`)).body.payment.method).toBe('card');
  });

  it('exports the session and the invoice as RFC 4180 CSV', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { holder, cp } = await aPricedStation();
    const sessionId = await aStoppedSession(cp, holder.idTag);
    const invoice = await invoiceOf(sessionId);
    const to = new Date(Date.now() + 60_000).toISOString();
    const viewer = await aToken(app, 'viewer');
    const get = (path: string) => fetch(`${app.url}/api${path}`, { headers: { authorization: `Bearer ${viewer}` } });

    const invoices = await get(`/exports/invoices.csv?from=${from}&to=${to}`);
    expect(invoices.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await invoices.text()).split('\r\n');
    expect(lines[0]).toMatch(/^invoice_id,invoice_number,session_id,/);
    expect(lines).toContainEqual(expect.stringContaining(`${invoice.id},${invoice.number},${sessionId},`));
    expect(lines.find((l) => l.startsWith(`${invoice.id},`))).toContain('"Ada, ""the"" Lovelace",unpaid,');
    expect(lines.find((l) => l.startsWith(`${invoice.id},`))).toContain(',870,165,1035,EUR,1900,');

    const sessions = await (await get('/exports/sessions.csv?from=2025-03-01T10:00:00Z&to=2025-03-01T10:00:00.001Z')).text();
    expect(sessions.split('\r\n')).toContainEqual(expect.stringMatching(new RegExp(`^${sessionId},.*,2025-03-01T10:00:00.000Z,2025-03-01T11:00:00.000Z,20000,.*,${invoice.number},unpaid,1035,EUR$`)));
  });

  it('issues the invoice once for a stop replayed after the charger was offline, and again once for a resent stop', async () => {
    const { station, holder, cp } = await aPricedStation();
    const { transactionId } = await cp.startSession(1, holder.idTag);
    await cp.goOffline();
    await cp.stopSession(1); // queued offline
    expect(await invoiceOf(transactionId)).toBeNull();
    await cp.comeBack();
    const session = (await api(app).get(`/sessions/${transactionId}`)).body;
    expect(session.invoice).toMatchObject({ sessionId: transactionId, status: 'unpaid' });
    await cp.call('StopTransaction', { transactionId, meterStop: session.meterStopWh, timestamp: session.stoppedAt });
    expect((await api(app).get(`/invoices?stationId=${station.id}`)).body.map((i: { id: number }) => i.id)).toEqual([session.invoice.id]);
  });

  it('keeps an issued invoice unchanged when its tariff changes', async () => {
    const { tariffId, holder, cp } = await aPricedStation();
    const before = await invoiceOf(await aStoppedSession(cp, holder.idTag));
    expect((await api(app).patch(`/tariffs/${tariffId}`, { pricePerKwhMinor: 99, taxRatePercent: 7.7 })).body)
      .toMatchObject({ pricePerKwhMinor: 99, taxRateBp: 770 });
    const after = (await api(app).get(`/invoices/${before.id}`)).body;
    expect(after).toMatchObject({ totalMinor: 1_035, taxRateBp: 1_900, lines: before.lines });
  });

  it('voids an unpaid invoice (admin, with a reason): no longer awaited, and no longer payable', async () => {
    const { station, holder, cp } = await aPricedStation();
    const invoice = await invoiceOf(await aStoppedSession(cp, holder.idTag));
    expect((await api(app, await aToken(app, 'operator')).post(`/invoices/${invoice.id}/void`, { reason: 'test' })).status).toBe(403);
    expect((await api(app).post(`/invoices/${invoice.id}/void`, {})).body.details.fields[0].field).toBe('reason');
    expect(await api(app).post(`/invoices/${invoice.id}/void`, { reason: 'goodwill' }))
      .toMatchObject({ status: 200, body: { status: 'void', voidReason: 'goodwill' } });
    expect(await awaiting(station.id)).toEqual([]);
    expect((await api(app).post(`/invoices/${invoice.id}/pay`, { method: 'cash' }, { 'idempotency-key': key() })).status).toBe(409);
  });
});
