// Bookings held on the charger (OCPP 1.6 §5.13 ReserveNow, §5.1 CancelReservation). The reservationId is the
// booking's id. Whatever the charger answers (or that it could not be reached) is kept on the booking for
// staff; the booking itself stays, and ReserveNow is sent again when the charger reconnects in the window.
import * as store from '../store/index.js';
import { isAppError } from '../shared/errors.js';
import { bookingCode, noShowDeadline, type Booking } from '../domain/bookings.js';
import type { Principal } from '../domain/staff.js';
import type { CommandReport, CommandService } from './commands.js';
import type { ServiceDeps } from './deps.js';

/** Commands the central system sends by itself carry this name in the command log. */
export const SYSTEM: Principal = { accountId: null, name: 'system:bookings', role: 'admin' };

export function emitBookingChanged(d: ServiceDeps, change: 'created' | 'status' | 'reservation', b: Booking): void {
  d.events.emit('booking.changed', {
    change,
    booking: {
      id: b.id, code: b.code, slotId: b.slotId, customerId: b.customerId, idTag: b.idTag, startsAt: b.startsAt,
      endsAt: b.endsAt, status: b.status, sessionId: b.sessionId, reservationStatus: b.reservationStatus,
      reservationNote: b.reservationNote,
    },
  });
}

function outcomeOf(r: CommandReport): { reservationStatus: string; reservationNote: string | null } {
  if (r.outcome === 'answered') return { reservationStatus: String(r.response?.status), reservationNote: null };
  if (r.outcome === 'call-error') return { reservationStatus: 'Failed', reservationNote: `CALLERROR ${r.callError?.errorCode}` };
  return { reservationStatus: 'Failed', reservationNote: r.reason ?? r.outcome };
}

function failureOf(err: unknown): { reservationStatus: string; reservationNote: string } {
  if (isAppError(err, 'StationOffline')) return { reservationStatus: 'Offline', reservationNote: 'the charger was offline; sent again when it reconnects' };
  if (isAppError(err, 'StationTimeout')) return { reservationStatus: 'Timeout', reservationNote: 'the charger did not answer ReserveNow' };
  throw err;
}

export function makeReservations(d: ServiceDeps, o: { commands: CommandService; noShowGraceMs: number }) {
  return {
    /** Sends ReserveNow for a booking whose window is open, and records the charger's answer on it. */
    async reserve(booking: Booking): Promise<Booking> {
      const slot = await store.slots.getSlot(d.db, booking.slotId);
      const tag = await store.idTags.findIdTag(d.db, booking.idTag);
      const expiry = noShowDeadline(new Date(Math.max(booking.startsAt.getTime(), booking.createdAt.getTime())), o.noShowGraceMs);
      const payload = {
        connectorId: slot.connectorId, idTag: booking.idTag, reservationId: booking.id,
        expiryDate: new Date(Math.min(expiry.getTime(), booking.endsAt.getTime())).toISOString(),
        ...(tag?.parentIdTag ? { parentIdTag: tag.parentIdTag } : {}),
      };
      const result = await o.commands.send(SYSTEM, slot.stationId, 'ReserveNow', payload)
        .then(outcomeOf, failureOf);
      d.log.info({ bookingId: booking.id, code: bookingCode(booking.id), ...result }, 'reservation on the charger');
      const updated = await store.bookings.updateBooking(d.db, booking.id, { ...result, reservationSentAt: d.clock.now(), at: d.clock.now() });
      emitBookingChanged(d, 'reservation', updated);
      return updated;
    },

    /** Frees the connector on the charger once a booking no longer holds it; a failure is noted, not thrown. */
    async release(booking: Booking): Promise<Booking> {
      if (booking.reservationStatus !== 'Accepted') return booking;
      const slot = await store.slots.getSlot(d.db, booking.slotId);
      const note = await o.commands.send(SYSTEM, slot.stationId, 'CancelReservation', { reservationId: booking.id })
        .then((r) => `CancelReservation: ${r.outcome === 'answered' ? String(r.response?.status) : r.outcome}`,
          (err: unknown) => `CancelReservation not delivered: ${isAppError(err) ? err.code : 'error'}`);
      const updated = await store.bookings.updateBooking(d.db, booking.id, { reservationStatus: 'Cancelled', reservationNote: note, at: d.clock.now() });
      emitBookingChanged(d, 'reservation', updated);
      return updated;
    },
  };
}
export type Reservations = ReturnType<typeof makeReservations>;
