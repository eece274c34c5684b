// The driver's side, live (issue 19): staff see a driver's start, stop, invoice, payment and booking on their stream
// with the driver's name; a driver's own stream (GET /api/driver/events) carries that driver's sessions, bookings
// and invoices and every connector's availability, never another driver's, and resumes with Last-Event-ID.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { inMinutes, slotsOf } from '../../helpers/bookings.js';
import { aDriver, type TestDriver } from '../../helpers/drivers.js';
import { EventStreamClient, type StreamEvent } from '../../helpers/event-stream-client.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
const streams: EventStreamClient[] = [];
beforeAll(async () => {
  app = await startTestApp();
  await api(app).post('/tariffs', { name: 'Default', currency: 'EUR', pricePerKwhMinor: 30, pricePerMinuteMinor: 0, sessionFeeMinor: 0,
    idleFeePerMinuteMinor: 0, idleGraceMin: 0, taxRatePercent: 0, isDefault: true });
});
afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await closeChargers();
});
afterAll(() => app.stop());

async function open(o: Parameters<typeof EventStreamClient.open>[1] = {}): Promise<EventStreamClient> {
  const s = await EventStreamClient.open(app, o);
  streams.push(s);
  return s;
}
const staffStream = () => open();
const driverStream = (driver: TestDriver, lastEventId?: string) =>
  open({ path: '/api/driver/events', token: driver.token, ...(lastEventId ? { lastEventId } : {}) });

/** A booted two-connector charger reporting meter values every 100 ms, and its slots by connector. */
async function aChargerWithSlots(): Promise<Record<number, number>> {
  const station = await aStation(app.services);
  await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100 });
  return waitFor(async () => { const s = await slotsOf(app, station.id); return s[2] ? s : undefined; });
}
const tomorrow = () => new Date(Date.now() + 86_400_000);
const key = () => `key-${randomBytes(8).toString('hex')}`;

async function startCharging(driver: TestDriver, slotId: number): Promise<number> {
  const started = await driver.api.post('/driver/charging', { slotId });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return started.body.sessionId as number;
}
async function book(driver: TestDriver, slotId: number, fromMinute: number): Promise<number> {
  const at = tomorrow();
  const made = await driver.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, fromMinute), endsAt: inMinutes(at, fromMinute + 30) });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id as number;
}
const isEvent = (name: string, sessionId: number) => (e: StreamEvent) => e.event === name && e.data.sessionId === sessionId;

describe('staff see a driver\'s actions with the driver\'s name', () => {
  it('session started and stopped, invoice issued and paid, booking made: each names the driver', async () => {
    const driver = await aDriver(app, 'Nadia Named');
    const staff = await staffStream();
    const slots = await aChargerWithSlots();

    const sessionId = await startCharging(driver, slots[1]!);
    const answeredAt = Date.now();
    const started = await staff.next(isEvent('session.started', sessionId));
    expect(started.data).toMatchObject({ customerId: driver.customerId, customerName: 'Nadia Named', idTag: driver.appIdTag });
    // The start is emitted before the driver's answer (which waits for it): staff have it within a second of it.
    expect(started.receivedAt - answeredAt).toBeLessThan(1_000);

    expect((await driver.api.post(`/driver/sessions/${sessionId}/stop`)).status).toBe(200);
    expect((await staff.next(isEvent('session.stopped', sessionId))).data).toMatchObject({ customerId: driver.customerId, customerName: 'Nadia Named' });
    const issued = await staff.next(isEvent('invoice.issued', sessionId));
    expect(issued.data).toMatchObject({ customerId: driver.customerId, customerName: 'Nadia Named', status: 'unpaid' });

    const paid = await driver.api.post(`/driver/invoices/${issued.data.invoiceId}/pay`, { paymentToken: 'test-approve' }, { 'idempotency-key': key() });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect((await staff.next(isEvent('invoice.paid', sessionId))).data)
      .toMatchObject({ invoiceId: issued.data.invoiceId, customerId: driver.customerId, customerName: 'Nadia Named', status: 'paid' });

    const bookingId = await book(driver, slots[2]!, 0);
    expect((await staff.next((e) => e.event === 'booking.changed' && e.data.booking.id === bookingId)).data)
      .toMatchObject({ change: 'created', booking: { customerId: driver.customerId, customerName: 'Nadia Named' } });
  });
});

describe('GET /api/driver/events', () => {
  it('carries the driver\'s own sessions, bookings and invoices and connectors\' availability, never another driver\'s', async () => {
    const ana = await aDriver(app, 'Ana Streamer');
    const ben = await aDriver(app, 'Ben Elsewhere');
    const anaStream = await driverStream(ana);
    const benStream = await driverStream(ben);
    const slots = await aChargerWithSlots();
    const anaBooking = await book(ana, slots[1]!, 0);
    const benBooking = await book(ben, slots[2]!, 0);

    // Both charge on the same charger at the same time.
    const [anaSession, benSession] = await Promise.all([startCharging(ana, slots[1]!), startCharging(ben, slots[2]!)]);
    expect((await anaStream.next(isEvent('session.started', anaSession))).data).toMatchObject({ customerName: 'Ana Streamer' });
    await anaStream.next((e) => isEvent('session.updated', anaSession)(e) && e.data.energyWh > 0);
    await benStream.next((e) => isEvent('session.updated', benSession)(e) && e.data.energyWh > 0);
    await anaStream.next((e) => e.event === 'slot.changed' && e.data.slotId === slots[2]); // Ben's connector's availability is public
    // A stream opened while Ana charges follows her running session from its first reading (its start came before).
    const late = await driverStream(ana);
    await late.next(isEvent('session.updated', anaSession));

    await Promise.all([ana.api.post(`/driver/sessions/${anaSession}/stop`), ben.api.post(`/driver/sessions/${benSession}/stop`)]);
    await anaStream.next(isEvent('session.stopped', anaSession));
    const anaInvoice = (await anaStream.next(isEvent('invoice.issued', anaSession))).data.invoiceId as number;
    const benInvoice = (await benStream.next(isEvent('invoice.issued', benSession))).data.invoiceId as number;
    await ana.api.post(`/driver/invoices/${anaInvoice}/pay`, { paymentToken: 'test-approve' }, { 'idempotency-key': key() });
    await ben.api.post(`/driver/invoices/${benInvoice}/pay`, { paymentToken: 'test-approve' }, { 'idempotency-key': key() });
    await anaStream.next((e) => e.event === 'invoice.paid' && e.data.invoiceId === anaInvoice);
    await ben.api.post(`/driver/bookings/${benBooking}/cancel`);
    await benStream.next((e) => e.event === 'booking.changed' && e.data.booking.id === benBooking && e.data.booking.status === 'cancelled');
    // Ana's last event comes after every one of Ben's above: her stream has been offered them all by then.
    await ana.api.post(`/driver/bookings/${anaBooking}/cancel`);
    await anaStream.next((e) => e.event === 'booking.changed' && e.data.booking.id === anaBooking && e.data.booking.status === 'cancelled');

    const got = anaStream.events;
    const names = new Set(got.map((e) => e.event));
    const mine = ['booking.changed', 'session.started', 'session.updated', 'session.stopped', 'invoice.issued', 'invoice.paid', 'slot.changed'];
    expect([...names].filter((n) => !mine.includes(n) && n !== 'connector.status')).toEqual([]); // no station.*, command.result, ...
    expect(mine.filter((n) => !names.has(n))).toEqual([]);
    expect(got.filter((e) => e.event.startsWith('session.') || e.event.startsWith('invoice.')).every((e) => e.data.sessionId === anaSession)).toBe(true);
    expect(got.filter((e) => e.event === 'booking.changed').every((e) => e.data.booking.id === anaBooking)).toBe(true);
    const text = JSON.stringify(got.map((e) => e.data));
    expect(text).not.toContain('Ben Elsewhere');
    expect(text).not.toContain(ben.appIdTag);
    expect(got.some((e) => e.data.sessionId === benSession || e.data.booking?.id === benBooking || e.data.invoiceId === benInvoice
      || e.data.customerId === ben.customerId || e.data.booking?.customerId === ben.customerId)).toBe(false);
    expect(late.events.some((e) => e.data.sessionId === benSession)).toBe(false);
    // And Ben's stream is Ben's: none of Ana's sessions.
    expect(benStream.events.some((e) => e.data.sessionId === anaSession)).toBe(false);
  });

  it('resumes with Last-Event-ID: only the driver\'s events missed meanwhile, none twice', async () => {
    const ana = await aDriver(app, 'Ana Away');
    const ben = await aDriver(app, 'Ben Meanwhile');
    const staff = await staffStream();
    const slots = await aChargerWithSlots();
    const first = await driverStream(ana);
    const anaSession = await startCharging(ana, slots[1]!);
    const seen = await first.next((e) => isEvent('session.updated', anaSession)(e) && e.data.energyWh > 0);
    first.close();

    // Missed while away: Ben charges, Ana stops and is invoiced (the staff stream shows they happened).
    const benSession = await startCharging(ben, slots[2]!);
    await staff.next((e) => isEvent('session.updated', benSession)(e) && e.data.energyWh > 0);
    await ana.api.post(`/driver/sessions/${anaSession}/stop`);
    await staff.next(isEvent('invoice.issued', anaSession));

    const resumed = await driverStream(ana, seen.id!);
    await resumed.next(isEvent('session.stopped', anaSession));
    const issued = await resumed.next(isEvent('invoice.issued', anaSession));
    const seqs = resumed.events.map((e) => Number(e.id!.split('.')[1]));
    expect(Math.min(...seqs)).toBeGreaterThan(Number(seen.id!.split('.')[1]));
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(resumed.events.some((e) => e.event === 'resync' || e.event === 'session.started')).toBe(false);
    // Everything up to the invoice was replayed (it happened before the reconnect): none of it Ben's.
    const replayed = resumed.events.slice(0, resumed.events.indexOf(issued) + 1);
    expect(replayed.some((e) => e.data.sessionId === benSession || e.data.customerId === ben.customerId)).toBe(false);
    expect(JSON.stringify(replayed.map((e) => e.data))).not.toContain('Ben Meanwhile');
  });

  it('needs a driver token: none is a 401, a staff token a 403; EventSource\'s ?access_token= opens it', async () => {
    const ana = await aDriver(app, 'Ana Token');
    const get = (query = '', headers: Record<string, string> = {}) => fetch(`${app.url}/api/driver/events${query}`, { headers });
    const none = await get();
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'Unauthorized' });
    const staff = await get('', { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    expect(staff.status).toBe(403);
    expect((await get(`?access_token=${TEST_ADMIN_TOKEN}`)).status).toBe(403);

    const abort = new AbortController();
    const viaQuery = await fetch(`${app.url}/api/driver/events?access_token=${encodeURIComponent(ana.token)}`, { signal: abort.signal });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get('content-type')).toMatch(/^text\/event-stream/);
    abort.abort();
    // And the driver's token does not open the staff stream.
    expect((await fetch(`${app.url}/api/events`, { headers: { authorization: `Bearer ${ana.token}` } })).status).toBe(403);
  });
});
