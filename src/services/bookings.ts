// Bookings of slots: created under the database's no-overlap constraint, held on the charger while their
// window is open, linked to the holder's session, and expired when nobody comes.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import {
  RETRIED_ON_AVAILABLE, RETRIED_ON_RECONNECT, bookingCode, checkNewBooking, nextBookingStatus, withoutName, type Booking,
  type BookingEvent, type BookingRefusal,
} from '../domain/bookings.js';
import type { Principal } from '../domain/staff.js';
import type { Page } from '../domain/paging.js';
import { listBookingViews, type BookingListFilter, type BookingListItem } from '../store/booking-list.js';
import type { PageRequest } from '../store/keyset.js';
import type { ServiceDeps } from './deps.js';
import { emitBookingChanged, makeReservations, type ReservationOptions } from './booking-reservations.js';
import { slotView, type SlotView } from './slots.js';

export interface NewBookingInput {
  slotId: number;
  customerId: number;
  /** The holder's tag, by its integer id; it must belong to the customer. */
  idTagId: number;
  startsAt: Date;
  endsAt: Date;
}

function refusal(reason: BookingRefusal, slot: SlotView): AppError {
  const where = `slot ${slot.code} (id ${slot.id}) is ${slot.status}`;
  const holder = slot.currentBooking ? `: booking ${bookingCode(slot.currentBooking.id)} (id ${slot.currentBooking.id}) holds it now` : '';
  const message: Record<BookingRefusal, string> = {
    EndsBeforeStart: 'endsAt must be after startsAt',
    EndsInPast: 'the window is over already (endsAt is in the past)',
    SlotInactive: `${where}: it cannot be booked until it is back in service`,
    SlotNotAvailableNow: `${where}${holder}; a booking that starts now needs it available`,
  };
  const details = { slotId: slot.id, slotStatus: slot.status, bookingId: slot.currentBooking?.id ?? null };
  return reason === 'EndsBeforeStart' ? new AppError('BadRequest', message[reason], { fields: [{ field: 'endsAt', in: 'body', message: message[reason] }] })
    : new AppError('Conflict', message[reason], details);
}

export interface BookingService {
  /** Answers once the booking is committed; a window open now gets its ReserveNow after that, and the
   * charger's answer comes as booking.changed. */
  create(input: NewBookingInput, by: Principal): Promise<Booking>;
  get(id: number): Promise<Booking>;
  /** Soonest first (startsAt then id), a page at a time, each with its holder's name, slot code and chargeBoxId. */
  list(f: BookingListFilter, page: PageRequest): Promise<Page<BookingListItem>>;
  cancel(id: number): Promise<Booking>;
  complete(id: number): Promise<Booking>;
  /** The job: hold newly opened windows on their chargers, and expire bookings nobody came for. */
  tick(now: Date): Promise<{ reserved: number; expired: number }>;
  /** Chargers came back: send again the reservations of their open windows that they do not hold. Called with
   * the stations that came online together (batched by jobs/reservation-retries.ts): one query for a fleet. */
  onStationsOnline(stations: Array<{ stationId: number; onlineAt: Date }>): Promise<void>;
  /** Connectors that reported Available at `reportedAt`: what they refused while busy, faulted or unavailable, by
   * a ReserveNow sent no later than that, is sent again. */
  onConnectorsAvailable(connectors: Array<{ stationId: number; connectorId: number; reportedAt: Date }>): Promise<void>;
  /** Resolves when no ReserveNow started by a creation is still under way (shutdown). */
  settled(): Promise<void>;
}

export function makeBookingService(d: ServiceDeps, o: ReservationOptions): BookingService {
  const reservations = makeReservations(d, o);
  /** Claims and sends each in turn; counts those this caller sent. */
  async function reserveEach(due: Booking[], from: Parameters<typeof reservations.reserve>[1]): Promise<number> {
    let sent = 0;
    for (const b of due) if (await reservations.reserve(b, from)) sent++;
    return sent;
  }

  async function transition(id: number, event: BookingEvent): Promise<Booking> {
    const booking = await inTransaction(d.db, async (tx) => {
      const current = await store.bookings.getBooking(tx, id, { forUpdate: true });
      const status = nextBookingStatus(current.status, event);
      if (!status) throw new AppError('Conflict', `booking ${current.code} (id ${id}) is ${current.status}; it cannot ${event}`, { status: current.status });
      return store.bookings.updateBooking(tx, id, { status, at: d.clock.now() });
    });
    emitBookingChanged(d, 'status', booking);
    return reservations.release(withoutName(booking));
  }

  return {
    async create(input, by) {
      const now = d.clock.now();
      const booking = await inTransaction(d.db, async (tx) => {
        const slot = await slotView(tx, input.slotId, now);
        await store.customers.getCustomer(tx, input.customerId);
        const tag = await store.idTags.getIdTag(tx, input.idTagId);
        if (tag.customerId !== input.customerId) {
          throw new AppError('BadRequest', `idTagId ${tag.id} does not belong to customer ${input.customerId}`, { fields: [{ field: 'idTagId', in: 'body' }] });
        }
        const refused = checkNewBooking(input, slot.status, now);
        if (refused) throw refusal(refused, slot);
        // A window open now is born claimed ('sending'): its ReserveNow goes out after commit, by us only.
        const claim = input.startsAt <= now ? { reservationStatus: 'sending' as const } : {};
        const result = await store.bookings.insertBooking(tx, { ...input, idTag: tag.idTag, createdBy: by.name, at: now, ...claim });
        if ('booking' in result) return result.booking;
        const hit = result.overlaps;
        throw new AppError('Conflict',
          `slot ${slot.code} (id ${slot.id}) is booked${hit ? ` from ${hit.startsAt.toISOString()} to ${hit.endsAt.toISOString()} by booking ${hit.code} (id ${hit.id})` : ' in that window'}`,
          { slotId: slot.id, slotStatus: slot.status, bookingId: hit?.id ?? null });
      });
      emitBookingChanged(d, 'created', booking);
      // Created for now: hold it on the charger at once, after our answer (the job does later windows).
      if (booking.reservationStatus === 'sending') reservations.sendLater(withoutName(booking));
      return withoutName(booking);
    },

    get: (id) => store.bookings.getBooking(d.db, id),

    list: (f, page) => listBookingViews(d.db, f, page),

    cancel: (id) => transition(id, 'cancel'),
    complete: (id) => transition(id, 'complete'),

    async tick(now) {
      // Never sent, or a 'sending' whose sender died (the claim tells a stale one from one in flight).
      const from = [null] as const;
      const due = await store.bookings.listDueForReservation(d.db, now, { statuses: [...from, 'sending'] });
      const reserved = await reserveEach(due, from);
      const noShows = await store.bookings.listNoShows(d.db, now, o.noShowGraceMs);
      for (const b of noShows) await transition(b.id, 'expire');
      return { reserved, expired: noShows.length };
    },

    async onStationsOnline(stations) {
      const from = [null, ...RETRIED_ON_RECONNECT];
      const due = await store.bookings.listDueOnStations(d.db, d.clock.now(), stations, [...from, 'sending']);
      await reserveEach(due, from);
    },

    async onConnectorsAvailable(connectors) {
      await reserveEach(await store.bookings.listDueOnConnectors(d.db, d.clock.now(), connectors, RETRIED_ON_AVAILABLE), RETRIED_ON_AVAILABLE);
    },

    settled: () => reservations.settled(),
  };
}
