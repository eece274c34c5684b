// Bookings of slots: created under the database's no-overlap constraint, held on the charger while their
// window is open, linked to the holder's session, and expired when nobody comes.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import {
  bookingCode, checkNewBooking, nextBookingStatus, type Booking, type BookingEvent, type BookingRefusal,
} from '../domain/bookings.js';
import type { Principal } from '../domain/staff.js';
import type { BookingFilter } from '../store/bookings.js';
import type { CommandService } from './commands.js';
import type { ServiceDeps } from './deps.js';
import { emitBookingChanged, makeReservations } from './booking-reservations.js';
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

export function makeBookingService(d: ServiceDeps, o: { commands: CommandService; noShowGraceMs: number }) {
  const reservations = makeReservations(d, o);

  async function transition(id: number, event: BookingEvent): Promise<Booking> {
    const booking = await inTransaction(d.db, async (tx) => {
      const current = await store.bookings.getBooking(tx, id, { forUpdate: true });
      const status = nextBookingStatus(current.status, event);
      if (!status) throw new AppError('Conflict', `booking ${current.code} (id ${id}) is ${current.status}; it cannot ${event}`, { status: current.status });
      return store.bookings.updateBooking(tx, id, { status, at: d.clock.now() });
    });
    emitBookingChanged(d, 'status', booking);
    return reservations.release(booking);
  }

  return {
    async create(input: NewBookingInput, by: Principal): Promise<Booking> {
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
        const result = await store.bookings.insertBooking(tx, { ...input, idTag: tag.idTag, createdBy: by.name, at: now });
        if ('booking' in result) return result.booking;
        const hit = result.overlaps;
        throw new AppError('Conflict',
          `slot ${slot.code} (id ${slot.id}) is booked${hit ? ` from ${hit.startsAt.toISOString()} to ${hit.endsAt.toISOString()} by booking ${hit.code} (id ${hit.id})` : ' in that window'}`,
          { slotId: slot.id, slotStatus: slot.status, bookingId: hit?.id ?? null });
      });
      emitBookingChanged(d, 'created', booking);
      // Created for now: hold it on the charger at once (the job does it for windows that open later).
      return booking.startsAt <= now ? reservations.reserve(booking) : booking;
    },

    get: (id: number) => store.bookings.getBooking(d.db, id),

    async list(f: BookingFilter & { stationId?: number }): Promise<Booking[]> {
      const { stationId, ...rest } = f;
      if (stationId === undefined) return store.bookings.listBookings(d.db, rest);
      const slotIds = (await store.slots.listSlots(d.db, { stationId })).map((s) => s.id);
      return store.bookings.listBookings(d.db, { ...rest, slotIds: rest.slotIds ? rest.slotIds.filter((id) => slotIds.includes(id)) : slotIds });
    },

    cancel: (id: number) => transition(id, 'cancel'),
    complete: (id: number) => transition(id, 'complete'),

    /** The job: hold newly opened windows on their chargers, and expire bookings nobody came for. */
    async tick(now: Date): Promise<{ reserved: number; expired: number }> {
      const due = (await store.bookings.listDueForReservation(d.db, now)).filter((b) => b.reservationStatus === null);
      for (const b of due) await reservations.reserve(b);
      const noShows = await store.bookings.listNoShows(d.db, now, o.noShowGraceMs);
      for (const b of noShows) await transition(b.id, 'expire');
      return { reserved: due.length, expired: noShows.length };
    },

    /**
     * Chargers came back: send again every reservation of their open windows that they do not hold. Called with
     * the stations that came online together (app.ts batches them): one query when a fleet comes back at once.
     */
    async onStationsOnline(stationIds: number[]): Promise<void> {
      const due = await store.bookings.listDueForReservation(d.db, d.clock.now(), stationIds);
      for (const b of due) await reservations.reserve(b);
    },
  };
}
export type BookingService = ReturnType<typeof makeBookingService>;
