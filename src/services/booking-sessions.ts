// Where bookings meet charging (issue "someone else on a booked slot"): a StartTransaction on a booked slot
// links to the booking when it is the holder's, and is refused (still stored, never lost) when it is not
// (decided in domain/sessions.ts decideStart); a stop completes the booking. These run inside the session's
// own transaction.
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import { nextBookingStatus, type Booking, type NamedBooking } from '../domain/bookings.js';

export function linkStart(tx: Db, booking: Booking, sessionId: number, at: Date): Promise<NamedBooking> {
  return store.bookings.updateBooking(tx, booking.id, { status: nextBookingStatus(booking.status, 'start')!, sessionId, at });
}

/** The bookings a group of stopped sessions complete (services/session-stops.ts), in one UPDATE. */
export function completeOnStops(tx: Db, sessionIds: number[], at: Date): Promise<NamedBooking[]> {
  return store.sessionStops.finishActiveBookingsOfSessions(tx, sessionIds, nextBookingStatus('active', 'finish')!, at);
}
