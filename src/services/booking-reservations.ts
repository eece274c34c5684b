// Bookings held on the charger (OCPP 1.6 §5.13 ReserveNow, §5.1 CancelReservation). The reservationId is the
// booking's id. A ReserveNow is sent only by whoever claims the booking in the database ('sending'), so it is
// never in flight twice, whichever node or trigger (creation, the job, a reconnect, an Available) asks. Its
// answer, or why there is none, is kept on the booking for staff and told as booking.changed.
import * as store from '../store/index.js';
import {
  bookingCode, noShowDeadline, reservationOutcome, staleClaimBefore, withoutName, type Booking, type NamedBooking, type ReservationStatus,
} from '../domain/bookings.js';
import type { ReservationRequest } from '../domain/charger-answers.js';
import type { Principal } from '../domain/staff.js';
import type { CommandService } from './commands.js';
import type { ServiceDeps } from './deps.js';

/** Commands the central system sends by itself carry this name in the command log. */
export const SYSTEM: Principal = { accountId: null, name: 'system:bookings', role: 'admin' };

/** The booking as the write returned it: its holder's name came with the row (store/bookings.ts namedBookingColumns). */
export function emitBookingChanged(d: ServiceDeps, change: 'created' | 'status' | 'reservation', b: NamedBooking): void {
  d.events.emit('booking.changed', {
    change,
    booking: {
      id: b.id, code: b.code, slotId: b.slotId, customerId: b.customerId, customerName: b.customerName, idTag: b.idTag, startsAt: b.startsAt,
      endsAt: b.endsAt, status: b.status, sessionId: b.sessionId, reservationStatus: b.reservationStatus,
      reservationNote: b.reservationNote,
    },
  });
}

export interface ReservationOptions {
  commands: CommandService;
  noShowGraceMs: number;
  callTimeoutMs: number;
}

export interface Reservations {
  /** Claims the booking if its reservation is in one of `from` (or a stale 'sending'), then sends ReserveNow
   * and records the answer; null when another sender holds it or it is not due. */
  reserve(booking: Booking, from: ReadonlyArray<ReservationStatus | null>): Promise<Booking | null>;
  /** Sends ReserveNow for a booking already claimed ('sending'), after the caller's reply: not awaited. */
  sendLater(claimed: Booking): void;
  /** Frees the connector on the charger once a booking no longer holds it; a failure is noted, not thrown. */
  release(booking: Booking): Promise<Booking>;
  /** Resolves when no ReserveNow sent later is still under way (shutdown). */
  settled(): Promise<void>;
}

export function makeReservations(d: ServiceDeps, o: ReservationOptions): Reservations {
  const underWay = new Set<Promise<unknown>>();

  async function requestOf(b: Booking): Promise<{ stationId: number; request: ReservationRequest }> {
    const slot = await store.slots.getSlot(d.db, b.slotId);
    const tag = await store.idTags.findIdTag(d.db, b.idTag);
    const expiry = noShowDeadline(new Date(Math.max(b.startsAt.getTime(), b.createdAt.getTime())), o.noShowGraceMs);
    return {
      stationId: slot.stationId,
      request: {
        connectorId: slot.connectorId, idTag: b.idTag, parentIdTag: tag?.parentIdTag ?? null, reservationId: b.id,
        expiresAt: new Date(Math.min(expiry.getTime(), b.endsAt.getTime())),
      },
    };
  }

  async function record(id: number, fields: Pick<Booking, 'reservationStatus' | 'reservationNote'>): Promise<Booking> {
    const updated = await store.bookings.updateBooking(d.db, id, { ...fields, at: d.clock.now() });
    emitBookingChanged(d, 'reservation', updated);
    return withoutName(updated);
  }

  async function send(claimed: Booking): Promise<Booking> {
    let outcome;
    try {
      const { stationId, request } = await requestOf(claimed);
      outcome = reservationOutcome(await o.commands.reserveNow(SYSTEM, stationId, request));
    } catch (err) {
      // A bug of ours (a request the schema refused, a database failure): the claim must not stay 'sending'.
      d.log.error({ err, bookingId: claimed.id }, 'ReserveNow could not be sent');
      return record(claimed.id, { reservationStatus: 'Failed', reservationNote: 'internal error; sent again when the charger reconnects' });
    }
    d.log.info({ bookingId: claimed.id, code: bookingCode(claimed.id), ...outcome }, 'reservation on the charger');
    const updated = await record(claimed.id, outcome);
    // Cancelled or ended while the ReserveNow was in flight: the charger must not keep holding the connector.
    return updated.status === 'confirmed' ? updated : release(updated);
  }

  async function release(booking: Booking): Promise<Booking> {
    if (booking.reservationStatus !== 'Accepted') return booking;
    const slot = await store.slots.getSlot(d.db, booking.slotId);
    const note = await o.commands.cancelReservation(SYSTEM, slot.stationId, booking.id).then(
      (a) => `CancelReservation: ${a.outcome === 'answered' ? a.status : `${a.outcome}: ${a.detail}`}`,
      (err: unknown) => {
        d.log.error({ err, bookingId: booking.id }, 'CancelReservation could not be sent');
        return 'CancelReservation not delivered: internal error';
      });
    return record(booking.id, { reservationStatus: 'Cancelled', reservationNote: note });
  }

  return {
    async reserve(booking, from) {
      const now = d.clock.now();
      const claimed = await store.bookings.claimReservation(d.db, booking.id, {
        from, at: now, staleBefore: staleClaimBefore(now, o.callTimeoutMs),
      });
      if (!claimed) return null;
      emitBookingChanged(d, 'reservation', claimed);
      return send(withoutName(claimed));
    },
    sendLater(claimed) {
      const sending = send(claimed)
        .catch((err: unknown) => d.log.error({ err, bookingId: claimed.id }, 'recording the ReserveNow answer failed'))
        .finally(() => underWay.delete(sending));
      underWay.add(sending);
    },
    release,
    async settled() {
      while (underWay.size > 0) await Promise.all(underWay);
    },
  };
}
