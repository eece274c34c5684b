// Where bookings meet charging (issue "someone else on a booked slot"): a StartTransaction on a booked slot
// links to the booking when it is the holder's, and is refused (still stored, never lost) when it is not;
// a stop completes the booking. These run inside the session's own transaction.
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import { nextBookingStatus, type Booking } from '../domain/bookings.js';
import { isHolder, type BookingHolder } from '../domain/slots.js';

async function holderOf(db: Db, idTag: string): Promise<BookingHolder> {
  const tag = await store.idTags.findIdTag(db, idTag);
  return { idTag, parentIdTag: tag?.parentIdTag ?? null };
}

export interface StartLink {
  /** The booking this start fulfils. */
  booking: Booking | null;
  /** The slot is booked now for someone else: the start is stored but not Accepted. */
  refusedFor: Booking | null;
}

export async function bookingForStart(tx: Db, s: {
  stationId: number; connectorId: number; idTag: string; startedAt: Date; reservationId: number | null;
}): Promise<StartLink> {
  const slot = await store.slots.findSlotOf(tx, s.stationId, s.connectorId);
  if (!slot) return { booking: null, refusedFor: null };
  // The charger sends the reservationId it held for us (ReserveNow.reservationId = the booking's id).
  if (s.reservationId !== null) {
    const reserved = await store.bookings.findBooking(tx, s.reservationId);
    if (reserved?.slotId === slot.id && reserved.status === 'confirmed') return { booking: reserved, refusedFor: null };
  }
  // By the charger's clock: a start replayed late belongs to the window it happened in.
  const covering = (await store.bookings.listCovering(tx, s.startedAt, [slot.id]))[0];
  if (covering?.status !== 'confirmed') return { booking: null, refusedFor: null };
  return isHolder(await holderOf(tx, s.idTag), await holderOf(tx, covering.idTag))
    ? { booking: covering, refusedFor: null }
    : { booking: null, refusedFor: covering };
}

export function linkStart(tx: Db, booking: Booking, sessionId: number, at: Date): Promise<Booking> {
  return store.bookings.updateBooking(tx, booking.id, { status: nextBookingStatus(booking.status, 'start')!, sessionId, at });
}

/** The booking a stopped session completes, if it had one. */
export async function completeOnStop(tx: Db, sessionId: number, at: Date): Promise<Booking | null> {
  const booking = await store.bookings.findActiveBookingOfSession(tx, sessionId);
  if (!booking) return null;
  return store.bookings.updateBooking(tx, booking.id, { status: nextBookingStatus(booking.status, 'finish')!, at });
}
