// The ReserveNow behind a booking: the creation answers before the charger does, a ReserveNow in flight is never
// sent twice, a refusal that may pass (Occupied, Faulted, Unavailable) is shown, listed for staff and sent again
// when the connector reports Available, and Rejected (no reservations on this charger) is shown and left alone.
// Chargers are the simulator; a test holds a charger's answer with its beforeAnswer option instead of sleeping.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import type { ChargePoint, ChargePointOptions } from '../../../simulators/charge-point.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { aHolder, afterReserveNow, inMinutes, slotsOf } from '../../helpers/bookings.js';
import { EventStreamClient } from '../../helpers/event-stream-client.js';

const clock = new ManualClock(new Date());
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock, callTimeoutMs: 20_000 }); });
afterEach(async () => {
  await closeChargers();
  clock.set(new Date());
});
afterAll(() => app.stop());

/** A charger that counts the ReserveNow CALLs it receives, and answers them only once `release()` is called
 * (or at once when not held). */
async function aCharger(o: Partial<ChargePointOptions> & { hold?: boolean } = {}) {
  const station = await aStation(app.services);
  let reserveNowCalls = 0;
  let release = (): void => undefined;
  const held = o.hold ? new Promise<void>((resolve) => { release = resolve; }) : Promise.resolve();
  const cp = await bootedCharger(app, station.chargeBoxId, {
    meterIntervalMs: 0, ...o,
    beforeAnswer: async (action) => {
      if (action !== 'ReserveNow') return;
      reserveNowCalls++;
      await held;
    },
  });
  return { station, cp, release, reserveNowCalls: () => reserveNowCalls, slots: await slotsOf(app, station.id) };
}

async function book(slotId: number, startsIn: number) {
  const holder = await aHolder(app);
  const made = await api(app).post('/bookings', {
    slotId, customerId: holder.customerId, idTagId: holder.idTagId,
    startsAt: inMinutes(clock.now(), startsIn), endsAt: inMinutes(clock.now(), startsIn + 60),
  });
  expect(made.status).toBe(201);
  return made.body as { id: number; code: string; idTag: string; reservationStatus: string | null };
}

const bookingNow = async (id: number) => (await api(app).get(`/bookings/${id}`)).body;
const storedStatus = async (stationId: number, connectorId: number) =>
  ((await api(app).get(`/stations/${stationId}`)).body.connectors as Array<{ connectorId: number; status: string }>)
    .find((c) => c.connectorId === connectorId)?.status;
const attention = async () => (await api(app).get('/dashboard')).body.attention.reservations.items as Array<{ bookingId: number; reservationStatus: string; chargeBoxId: string; connectorId: number }>;

describe('a booking made for now', () => {
  it('is answered 201 before the charger answers its ReserveNow; the answer comes as booking.changed', async () => {
    const stream = await EventStreamClient.open(app);
    const { cp, release, reserveNowCalls, slots } = await aCharger({ hold: true });
    const booking = await book(slots[1]!, 0);

    // The 201 came while the charger holds the ReserveNow unanswered.
    expect(booking.reservationStatus).toBe('sending');
    await waitFor(() => reserveNowCalls() === 1);
    expect(cp.connectorStatus(1)).toBe('Available');
    expect(await bookingNow(booking.id)).toMatchObject({ reservationStatus: 'sending' });

    release();
    const changed = await stream.next((e) => e.event === 'booking.changed' && e.data.booking.id === booking.id && e.data.booking.reservationStatus === 'Accepted');
    expect(changed.data).toMatchObject({ change: 'reservation', booking: { id: booking.id, status: 'confirmed', reservationNote: null } });
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    stream.close();
  });

  it('a job run while its ReserveNow is in flight sends no second one', async () => {
    const { release, reserveNowCalls, slots } = await aCharger({ hold: true });
    const booking = await book(slots[1]!, 0);
    await waitFor(() => reserveNowCalls() === 1);

    expect(await app.jobs.runBookings()).toMatchObject({ reserved: 0 });
    await app.services.bookings.onStationsOnline([{ stationId: await bookingSlotStation(booking.id), onlineAt: clock.now() }]);
    release();
    expect(await afterReserveNow(app, booking.id)).toMatchObject({ reservationStatus: 'Accepted' });
    await app.jobs.runBookings();
    expect(reserveNowCalls()).toBe(1);
    const log = (await api(app).get(`/stations/${await bookingSlotStation(booking.id)}/commands`)).body as Array<{ action: string; requestedBy: string; outcome: string; payload: unknown }>;
    // The log shows the OCPP request as it went on the wire, as for staff's commands.
    expect(log.filter((c) => c.action === 'ReserveNow')).toEqual([expect.objectContaining({
      requestedBy: 'system:bookings', outcome: 'answered',
      payload: { connectorId: expect.any(Number), expiryDate: expect.any(String), idTag: booking.idTag, reservationId: booking.id },
    })]);
  });

  it('a sending claim left past twice the call timeout and a minute (its sender died) is claimed and sent again', async () => {
    const { release, reserveNowCalls, slots } = await aCharger({ hold: true });
    const booking = await book(slots[1]!, 0);
    await waitFor(() => reserveNowCalls() === 1);
    clock.advance(2 * 20_000 + 60_000 + 1_000); // the app's callTimeoutMs is 20 s

    const run = app.jobs.runBookings();
    await waitFor(async () => (await bookingNow(booking.id)).reservationSentAt === clock.now().toISOString());
    release();
    expect(await run).toMatchObject({ reserved: 1 });
    expect(reserveNowCalls()).toBe(2);
    expect(await afterReserveNow(app, booking.id)).toMatchObject({ reservationStatus: 'Accepted' });
  });
});

async function bookingSlotStation(bookingId: number): Promise<number> {
  const b = await bookingNow(bookingId);
  return (await api(app).get(`/slots/${b.slotId}`)).body.stationId as number;
}

/** Ways to make connector 1 refuse a reservation, and to free it again (it then reports Available). */
const refusals: Array<{ status: string; occupy(cp: ChargePoint, stationId: number): Promise<void>; free(cp: ChargePoint, stationId: number): Promise<void> }> = [
  {
    status: 'Occupied',
    occupy: async (cp) => { await cp.startSession(1, (await aHolder(app, 'Someone else')).idTag); },
    free: (cp) => cp.stopSession(1),
  },
  { status: 'Faulted', occupy: (cp) => cp.fault(1), free: (cp) => cp.clearFault(1) },
  {
    status: 'Unavailable',
    occupy: async (_cp, stationId) => {
      expect((await api(app).post(`/stations/${stationId}/commands/ChangeAvailability`, { connectorId: 1, type: 'Inoperative' })).body).toMatchObject({ response: { status: 'Accepted' } });
    },
    free: async (_cp, stationId) => {
      expect((await api(app).post(`/stations/${stationId}/commands/ChangeAvailability`, { connectorId: 1, type: 'Operative' })).body).toMatchObject({ response: { status: 'Accepted' } });
    },
  },
];

describe('a reservation the charger refuses', () => {
  it.each(refusals)('$status: shown on the booking and to staff, sent again when the connector reports Available in the window', async ({ status, occupy, free }) => {
    const { station, cp, reserveNowCalls, slots } = await aCharger();
    const booking = await book(slots[1]!, 30);
    await occupy(cp, station.id);
    // Stored, not only sent: the boot's Available must be heard before the clock moves, or (this clock standing
    // still) it would count as reported when the ReserveNow went out, and its retry would send a second one.
    await waitFor(async () => {
      const stored = await storedStatus(station.id, 1);
      return stored !== 'Available' && stored === cp.connectorStatus(1);
    });
    clock.advance(30 * 60_000);
    await app.jobs.runBookings();

    expect(await bookingNow(booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: status });
    expect((await bookingNow(booking.id)).reservationNote).toContain('Available');
    expect(await attention()).toContainEqual(expect.objectContaining({ bookingId: booking.id, reservationStatus: status, chargeBoxId: station.chargeBoxId, connectorId: 1 }));
    await app.jobs.runBookings(); // the job does not retry a refusal: the connector's Available does
    expect(reserveNowCalls()).toBe(1);

    await free(cp, station.id);
    expect(await waitFor(async () => {
      const b = await bookingNow(booking.id);
      return b.reservationStatus === 'Accepted' ? b : undefined;
    })).toMatchObject({ status: 'confirmed', reservationNote: null });
    expect(reserveNowCalls()).toBe(2);
    await waitFor(() => cp.connectorStatus(1) === 'Reserved');
    expect((await attention()).map((a) => a.bookingId)).not.toContain(booking.id);
  });

  it('Rejected (the charger takes no reservations): shown and listed for staff, never sent again', async () => {
    const { station, cp, reserveNowCalls, slots } = await aCharger({ takesReservations: false });
    const booking = await book(slots[1]!, 0);
    expect(await afterReserveNow(app, booking.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Rejected' });
    expect(await attention()).toContainEqual(expect.objectContaining({ bookingId: booking.id, reservationStatus: 'Rejected' }));
    const listed = (await api(app).get(`/bookings?stationId=${station.id}&reservationStatus=Rejected`)).body as Array<{ id: number }>;
    expect(listed.map((b) => b.id)).toEqual([booking.id]);
    expect((await api(app).get('/bookings?reservationStatus=Maybe')).body).toMatchObject({ error: 'BadRequest' });

    // Every retry path, awaited: the connector reporting Available, the job, the charger coming back.
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    await app.services.bookings.onConnectorsAvailable([{ stationId: station.id, connectorId: 1, reportedAt: clock.now() }]);
    await app.jobs.runBookings();
    await app.services.bookings.onStationsOnline([{ stationId: station.id, onlineAt: clock.now() }]);
    expect(reserveNowCalls()).toBe(1);
    expect(await bookingNow(booking.id)).toMatchObject({ reservationStatus: 'Rejected' });
  });
});
