// The booking state machine as data (STYLE.md example 5), and the rules a new booking must pass before the
// database's exclusion constraint has its say on overlaps.
import type { SlotStatus } from './slots.js';

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
  reservationStatus: string | null;
  reservationNote: string | null;
  reservationSentAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const coversInstant = (b: Pick<Booking, 'startsAt' | 'endsAt'>, at: Date): boolean =>
  b.startsAt <= at && at < b.endsAt;
