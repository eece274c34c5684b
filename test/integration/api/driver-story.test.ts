// Issue 19's story end to end over the API, as its "done when" tells it: a driver books (an integer id) and a
// second driver's overlapping booking is a 409; the first starts by the connector's code, the simulator charges,
// the staff stream shows the session with the driver's name within a second of the start's answer and the driver's
// own stream shows it too; stop; the invoice; a declined card keeps it awaiting payment; an approved one sent twice
// with one Idempotency-Key records one payment; the slot is free again. And the refusals: another driver's session
// is a 404, a driver token on a staff route a 403, a string id such as BOOK1762958180110 a 400.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { inMinutes, slotsOf } from '../../helpers/bookings.js';
import { aDriver } from '../../helpers/drivers.js';
import { EventStreamClient } from '../../helpers/event-stream-client.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
const streams: EventStreamClient[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await closeChargers();
});
afterAll(() => app.stop());

async function aChargerWithTariff() {
  const station = await aStation(app.services);
  const tariff = await api(app).post('/tariffs', { name: `Story ${station.id}`, currency: 'EUR', pricePerKwhMinor: 35, sessionFeeMinor: 100, stationIds: [station.id] });
  expect(tariff.status).toBe(201);
  await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100 });
  const slotId = (await waitFor(async () => (await slotsOf(app, station.id))[1]));
  const slot = (await api(app).get(`/slots/${slotId}`)).body as { code: string };
  return { station, slotId, code: slot.code };
}

describe('the driver\'s story, as issue 19 tells it', () => {
  it('books, starts by code, is seen live by staff and self, stops, is declined, pays once, and frees the slot', async () => {
    const { station, slotId, code } = await aChargerWithTariff();
    const dana = await aDriver(app, 'Dana Story');
    const eli = await aDriver(app, 'Eli Other');
    const staffStream = await EventStreamClient.open(app);
    const danaStream = await EventStreamClient.open(app, { path: '/api/driver/events', token: dana.token });
    streams.push(staffStream, danaStream);

    // Bookings: an integer id; the other driver's overlapping one is a 409 naming the conflict, and is not made.
    const at = new Date(Date.now() + 2 * 86_400_000);
    const booking = await dana.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 60) });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    expect(Number.isInteger(booking.body.id)).toBe(true);
    const overlap = await eli.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 30), endsAt: inMinutes(at, 90) });
    expect(overlap.status).toBe(409);
    expect((await eli.api.get('/driver/bookings')).body).toEqual([]);

    // Start by the scanned code (any case): the answer comes once the charger started, with the session's id.
    const started = await dana.api.post('/driver/charging', { connectorCode: code.toLowerCase() });
    const answeredAt = Date.now();
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const sessionId = started.body.sessionId as number;
    const seenByStaff = await staffStream.next((e) => e.event === 'session.started' && e.data.sessionId === sessionId);
    expect(seenByStaff.data).toMatchObject({ customerId: dana.customerId, customerName: 'Dana Story', stationId: station.id });
    expect(seenByStaff.receivedAt - answeredAt).toBeLessThan(1000);
    await danaStream.next((e) => e.event === 'session.started' && e.data.sessionId === sessionId);
    await danaStream.next((e) => e.event === 'session.updated' && e.data.sessionId === sessionId && e.data.energyWh > 0);

    // Nobody else's: Eli reading Dana's session is a 404; a driver token on a staff route is a 403; a string id a 400.
    expect((await eli.api.get(`/driver/sessions/${sessionId}`)).status).toBe(404);
    expect((await dana.api.get('/stations')).status).toBe(403);
    const stringId = await dana.api.get('/driver/bookings/BOOK1762958180110');
    expect(stringId.status).toBe(400);
    expect(JSON.stringify(stringId.body)).toContain('bookingId');

    // Stop: one invoice, awaiting payment.
    expect((await dana.api.post(`/driver/sessions/${sessionId}/stop`)).body).toEqual({ status: 'Accepted' });
    const issued = await danaStream.next((e) => e.event === 'invoice.issued' && e.data.sessionId === sessionId);
    const invoiceId = issued.data.invoiceId as number;
    await staffStream.next((e) => e.event === 'session.stopped' && e.data.sessionId === sessionId && e.data.customerName === 'Dana Story');
    const awaiting = async () => ((await api(app).get(`/slots/${slotId}`)).body as { awaitingPayment: unknown }).awaitingPayment;
    expect(await awaiting()).toMatchObject({ sessionId, invoiceId });

    // Declined: nothing recorded, still awaiting payment.
    const declined = await dana.api.post(`/driver/invoices/${invoiceId}/pay`, { paymentToken: 'test-decline' }, { 'Idempotency-Key': `k-${randomBytes(6).toString('hex')}` });
    expect(declined.status).toBe(402);
    expect((await dana.api.get(`/driver/invoices/${invoiceId}`)).body).toMatchObject({ status: 'unpaid', payment: null });
    expect(await awaiting()).toMatchObject({ sessionId, invoiceId });

    // Approved twice with one key: one payment, the same answer; paid on the staff stream with the name.
    const key = `k-${randomBytes(6).toString('hex')}`;
    const paid = await dana.api.post(`/driver/invoices/${invoiceId}/pay`, { paymentToken: 'test-approve' }, { 'Idempotency-Key': key });
    const again = await dana.api.post(`/driver/invoices/${invoiceId}/pay`, { paymentToken: 'test-approve' }, { 'Idempotency-Key': key });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(again.body.payment).toEqual(paid.body.payment);
    expect(paid.body.payment).toMatchObject({ method: 'card', amountMinor: paid.body.totalMinor });
    expect(paid.body.totalMinor).toBeGreaterThanOrEqual(100);
    const payments = (await api(app).get(`/invoices/${invoiceId}`)).body as { payment: { id: number } };
    expect(payments.payment.id).toBe(paid.body.payment.id);
    await staffStream.next((e) => e.event === 'invoice.paid' && e.data.invoiceId === invoiceId && e.data.customerName === 'Dana Story');

    // The slot is free again: nothing awaits payment on it, and the driver sees it available.
    expect(await awaiting()).toBeNull();
    expect((await dana.api.get(`/driver/connectors/${encodeURIComponent(code)}`)).body).toMatchObject({ slotId, slotStatus: 'available' });
  }, 60_000);
});
