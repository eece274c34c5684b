// Bookings held on the charger, driven by a clock the test moves (no sleeping): ReserveNow when the window
// opens, the holder's start links the session, others are refused, cancel and no-show free the connector,
// and a restart keeps every booking and its pending transitions.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { aHolder, afterReserveNow, inMinutes, slotsOf } from '../../helpers/bookings.js';
import { EventStreamClient } from '../../helpers/event-stream-client.js';

const GRACE_MIN = 15;
const clock = new ManualClock(new Date());
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock, noShowGraceMs: GRACE_MIN * 60_000 }); });
afterEach(async () => {
  await closeChargers();
  clock.set(new Date());
});
afterAll(() => app.stop());

/** A booted station, a holder, and a booking of connector 1 for [in `startsIn` min, +60 min) by the test clock. */
async function aBooking(startsIn: number) {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  const slots = await slotsOf(app, station.id);
  const holder = await aHolder(app, 'Grace Hopper');
  const made = await api(app).post('/bookings', {
    slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId,
    startsAt: inMinutes(clock.now(), startsIn), endsAt: inMinutes(clock.now(), startsIn + 60),
  });
  expect(made.status).toBe(201);
  if (startsIn <= 0) await afterReserveNow(app, made.body.id); // the answer comes after the 201
  return { station, cp, slots, holder, booking: made.body as { id: number; code: string } };
}
const bookingNow = async (id: number) => (await api(app).get(`/bookings/${id}`)).body;

describe('a booking on the charger', () => {
  it('sends ReserveNow when its window opens; the simulator\'s connector turns Reserved', async () => {
    const { cp, booking, slots } = await aBooking(60);
    await app.jobs.runBookings(); // not yet
    expect(await bookingNow(booking.id)).toMatchObject({ reservationStatus: null });
    expect(cp.connectorStatus(1)).toBe('Available');

    clock.advance(60 * 60_000);
    const reserved = once(cp, 'command');
    await app.jobs.runBookings();
    const [command] = await reserved;
    expect(command).toMatchObject({ action: 'ReserveNow', params: { connectorId: 1, reservationId: booking.id }, response: { status: 'Accepted' } });
    // The reservation lasts until the end of the no-show grace.
    expect(Date.parse(command.params.expiryDate)).toBe(clock.now().getTime() + GRACE_MIN * 60_000);
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Accepted' });
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    expect((await api(app).get(`/slots/${slots[1]}`)).body).toMatchObject({ status: 'booked', currentBooking: { id: booking.id } });
    const sentAt = (await bookingNow(booking.id)).reservationSentAt;
    await app.jobs.runBookings();
    expect((await bookingNow(booking.id)).reservationSentAt).toBe(sentAt); // held: not sent twice
  });

  it('sends ReserveNow at once for a booking made for now', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const slots = await slotsOf(app, station.id);
    const holder = await aHolder(app);
    const made = await api(app).post('/bookings', {
      slotId: slots[2], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: inMinutes(clock.now(), 0), endsAt: inMinutes(clock.now(), 30),
    });
    // 201 once committed, claimed for sending; the charger's answer follows as booking.changed.
    expect(made.body).toMatchObject({ status: 'confirmed', reservationStatus: 'sending' });
    expect(await afterReserveNow(app, made.body.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Accepted' });
    await waitFor(() => cp.connectorStatus(2) === 'Reserved');
  });

  it('links the holder\'s session to the booking (active, slot in use); its stop completes the booking', async () => {
    const stream = await EventStreamClient.open(app);
    const { cp, booking, holder, slots } = await aBooking(0);
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    await stream.next((e) => e.event === 'slot.changed' && e.data.slotId === slots[1] && e.data.status === 'booked');
    await stream.next((e) => e.event === 'booking.changed' && e.data.booking.id === booking.id && e.data.booking.reservationStatus === 'Accepted');

    const { transactionId, idTagInfo } = await cp.startSession(1, holder.idTag); // carries the reservationId
    expect(idTagInfo.status).toBe('Accepted');
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'active', sessionId: transactionId });
    expect((await api(app).get(`/slots/${slots[1]}`)).body).toMatchObject({ status: 'in_use', sessionId: transactionId });
    expect((await api(app).get('/dashboard')).body.activeSessions.items.find((s: { sessionId: number }) => s.sessionId === transactionId))
      .toMatchObject({ bookingId: booking.id, customerName: 'Grace Hopper' });

    await stream.next((e) => e.event === 'slot.changed' && e.data.slotId === slots[1] && e.data.status === 'in_use');
    await cp.stopSession(1);
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'completed', sessionId: transactionId });
    await stream.next((e) => e.event === 'booking.changed' && e.data.booking.id === booking.id && e.data.booking.status === 'completed');
    stream.close();
  });

  it('refuses another customer: a remote start is a 409 and nothing is sent; a start that arrives anyway is stored, not Accepted', async () => {
    const { station, cp, booking } = await aBooking(0);
    const stranger = await aHolder(app, 'Stranger');
    const remote = await api(app).post(`/stations/${station.id}/commands/RemoteStartTransaction`, { connectorId: 1, idTag: stranger.idTag });
    expect(remote).toMatchObject({ status: 409, body: { error: 'Conflict', details: { bookingId: booking.id } } });
    expect(remote.body.message).toContain(booking.code);

    // A charger that lets them start anyway (it lost the reservation): the start is kept, and refused.
    const conf = await cp.call('StartTransaction', { connectorId: 1, idTag: stranger.idTag, meterStart: 0, timestamp: new Date().toISOString() });
    expect(conf.idTagInfo.status).not.toBe('Accepted');
    expect(await app.services.sessions.get(conf.transactionId)).toMatchObject({ idTag: stranger.idTag, authorizationStatus: 'Invalid' });
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', sessionId: null });
  });

  it('cancel sends CancelReservation and frees the connector', async () => {
    const { cp, booking, slots } = await aBooking(0);
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    const cancelled = once(cp, 'command');
    expect(await api(app).post(`/bookings/${booking.id}/cancel`)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect((await cancelled)[0]).toMatchObject({ action: 'CancelReservation', params: { reservationId: booking.id }, response: { status: 'Accepted' } });
    await waitFor(() => cp.connectorStatus(1) === 'Available');
    expect((await api(app).get(`/slots/${slots[1]}`)).body.status).toBe('available');
  });

  it('expires a no-show at the end of the grace, cancelling the reservation on the charger', async () => {
    const { cp, booking } = await aBooking(0);
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    clock.advance((GRACE_MIN - 1) * 60_000);
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed' });
    clock.advance(60_000);
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'expired', reservationStatus: 'Cancelled' });
    await waitFor(() => cp.connectorStatus(1) === 'Available');
  });

  it('keeps the booking when the charger is offline as the window opens, and reserves when it reconnects', async () => {
    const { cp, booking } = await aBooking(30);
    await cp.goOffline();
    await waitFor(async () => ((await api(app).get('/dashboard')).body.stations.offline >= 1 ? true : undefined));
    clock.advance(30 * 60_000);
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Offline' });

    await cp.comeBack();
    await waitFor(async () => ((await bookingNow(booking.id)).reservationStatus === 'Accepted' ? true : undefined));
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
  });

  it('keeps what the charger answered when it cannot reserve (Occupied), and the booking stays', async () => {
    const { cp, booking, holder } = await aBooking(30);
    await cp.startSession(1, holder.idTag); // the connector is busy when the window opens
    clock.advance(30 * 60_000);
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Occupied' });
  });

  it('a restart of the central system keeps every booking and its pending transitions', async () => {
    const { cp, booking } = await aBooking(45);
    app = await app.restart();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: null });
    await cp.comeBack();
    clock.advance(45 * 60_000);
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ reservationStatus: 'Accepted' });
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    clock.advance(GRACE_MIN * 60_000);
    app = await app.restart();
    await cp.comeBack();
    await app.jobs.runBookings();
    expect(await bookingNow(booking.id)).toMatchObject({ status: 'expired' });
    await waitFor(() => cp.connectorStatus(1) === 'Available');
  });
});
