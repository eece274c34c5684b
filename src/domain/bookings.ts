// The booking state machine as data (STYLE.md example 5), and the rules a new booking must pass before the
// database's exclusion constraint has its say on overlaps.
import type { SlotStatus } from './slots.js';
import { RESERVE_NOW_STATUSES, type ReservationAnswer, type ReserveNowStatus } from './charger-answers.js';

export type BookingStatus = 'confirmed' | 'active' | 'completed' | 'cancelled' | 'expired';
export type BookingEvent = 'start' | 'finish' | 'cancel' | 'expire' | 'complete';

const next = {
  confirmed: { start: 'active', cancel: 'cancelled', expire: 'expired', complete: 'completed' },
  active: { finish: 'completed', complete: 'completed' },
  completed: {}, cancelled: {}, expired: {},
} as const satisfies Record<BookingStatus, Partial<Record<BookingEvent, BookingStatus>>>;

export function nextBookingStatus(from: BookingStatus, event: BookingEvent): BookingStatus | null {
  return (next[from] as Partial<Record<BookingEvent, BookingStatus>>)[event] ?? null;
}

/** The statuses that hold the slot: the exclusion constraint applies to these only. */
export const HOLDING: readonly BookingStatus[] = ['confirmed', 'active'];

export type BookingRefusal = 'EndsBeforeStart' | 'EndsInPast' | 'SlotInactive' | 'SlotNotAvailableNow';

export function checkNewBooking(
  w: { startsAt: Date; endsAt: Date }, slot: SlotStatus, now: Date,
): BookingRefusal | null {
  if (w.endsAt <= w.startsAt) return 'EndsBeforeStart';
  if (w.endsAt <= now) return 'EndsInPast';
  if (slot === 'inactive') return 'SlotInactive';
  // A window that has begun needs the slot free now; a future one only needs no overlap (the constraint).
  if (w.startsAt <= now && slot !== 'available') return 'SlotNotAvailableNow';
  return null;
}

/** The display code of a booking: staff read it, the id stays the integer. */
export const bookingCode = (id: number): string => `BK-${String(id).padStart(6, '0')}`;

/** When a reservation ends on the charger if nobody comes: the start plus the no-show grace. */
export const noShowDeadline = (startsAt: Date, graceMs: number): Date => new Date(startsAt.getTime() + graceMs);

export interface Booking {
  /** Also the OCPP reservationId. */
  id: number;
  code: string;
  slotId: number;
  customerId: number;
  idTag: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  sessionId: number | null;
  reservationStatus: ReservationStatus | null;
  reservationNote: string | null;
  reservationSentAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A booking as the statement that wrote it returned it, with its holder's name: what booking.changed carries. */
export interface NamedBooking extends Booking {
  customerName: string;
}

/** The booking without its holder's name: what a booking answer holds (api/schemas/bookings.ts BookingResponse). */
export const withoutName = ({ customerName: _name, ...booking }: NamedBooking): Booking => booking;

export const coversInstant = (b: Pick<Booking, 'startsAt' | 'endsAt'>, at: Date): boolean =>
  b.startsAt <= at && at < b.endsAt;

/**
 * Where a booking's reservation on the charger stands (null: never sent). 'sending': a ReserveNow is in flight,
 * claimed by one node in the database so it is never sent twice. The charger's own answers, then why there is
 * none (Offline, Timeout, Failed), and Cancelled once we freed the connector.
 */
export const RESERVATION_STATUSES = [
  'sending', ...RESERVE_NOW_STATUSES, 'Offline', 'Timeout', 'Failed', 'Cancelled',
] as const satisfies ReadonlyArray<'sending' | ReserveNowStatus | 'Offline' | 'Timeout' | 'Failed' | 'Cancelled'>;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Refusals that leave no reservation on the charger but may pass: the connector was busy, broken or off. */
export const REFUSED_FOR_NOW: readonly ReservationStatus[] = ['Occupied', 'Faulted', 'Unavailable'];

/** Sent again when the charger reconnects in the window: never sent, not delivered, or refused for now. */
export const RETRIED_ON_RECONNECT: readonly ReservationStatus[] = ['Offline', 'Timeout', 'Failed', ...REFUSED_FOR_NOW];

/** Sent again when the connector reports Available in the window: what it refused while busy, broken or off. */
export const RETRIED_ON_AVAILABLE = REFUSED_FOR_NOW;

/** Staff should look: the booking's window is open and the charger does not hold it, nor will by itself.
 * Rejected (the charger takes no reservations) is never retried; the refused-for-now ones wait for Available. */
export const NEEDS_ATTENTION: readonly ReservationStatus[] = [...REFUSED_FOR_NOW, 'Rejected'];

/**
 * A 'sending' claim older than this instant is taken for a sender that died mid-call (a crash) and may be
 * claimed again. A live sender has had its answer or its timeout well before: ocpp-rpc queues a charger's
 * CALLs one at a time (callConcurrency 1), so a ReserveNow may wait behind one other call before its own
 * timeout runs; a minute more covers the writes around it.
 */
export const staleClaimBefore = (now: Date, callTimeoutMs: number): Date => new Date(now.getTime() - (2 * callTimeoutMs + 60_000));

/** The charger's answer (or why there is none), as the booking keeps it: one mapping, no re-translation. */
export function reservationOutcome(a: ReservationAnswer): { reservationStatus: ReservationStatus; reservationNote: string | null } {
  switch (a.outcome) {
    case 'answered':
      return { reservationStatus: a.status, reservationNote: answeredNote[a.status] };
    case 'offline':
      return { reservationStatus: 'Offline', reservationNote: 'the charger was offline; sent again when it reconnects' };
    case 'timeout':
      return { reservationStatus: 'Timeout', reservationNote: `the charger did not answer ReserveNow; sent again when it reconnects` };
    case 'call-error':
    case 'went-down':
      return { reservationStatus: 'Failed', reservationNote: a.detail };
  }
}

const answeredNote: Record<ReserveNowStatus, string | null> = {
  Accepted: null,
  Occupied: 'the connector is in use; sent again when it reports Available in the window',
  Faulted: 'the connector is faulted; sent again when it reports Available in the window',
  Unavailable: 'the connector is unavailable; sent again when it reports Available in the window',
  Rejected: 'the charger does not take reservations (OCPP 1.6 ReserveNow Rejected); not sent again',
};
