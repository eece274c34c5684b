import { describe, expect, it } from 'vitest';
import {
  NEEDS_ATTENTION, RETRIED_ON_AVAILABLE, RETRIED_ON_RECONNECT, bookingCode, checkNewBooking, nextBookingStatus, noShowDeadline,
  reservationOutcome, staleClaimBefore,
} from '../../../src/domain/bookings.js';

describe('nextBookingStatus', () => {
  it.each([
    ['confirmed', 'start', 'active'], ['confirmed', 'cancel', 'cancelled'], ['confirmed', 'expire', 'expired'],
    ['confirmed', 'finish', null], ['active', 'finish', 'completed'], ['active', 'cancel', null],
    ['active', 'expire', null], ['completed', 'cancel', null], ['cancelled', 'start', null], ['expired', 'start', null],
    ['confirmed', 'complete', 'completed'], ['active', 'complete', 'completed'],
  ] as const)('%s --%s--> %s', (from, event, to) => expect(nextBookingStatus(from, event)).toBe(to));
});

describe('checkNewBooking', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const h = (hour: number) => new Date(Date.UTC(2026, 4, 1, hour));

  it.each([
    ['a future window on an available slot', h(14), h(15), 'available', null],
    ['a future window on a booked slot (the constraint decides overlap)', h(14), h(15), 'booked', null],
    ['a future window on a slot in use now', h(14), h(15), 'in_use', null],
    ['a window that ends before it starts', h(15), h(14), 'available', 'EndsBeforeStart'],
    ['an empty window', h(14), h(14), 'available', 'EndsBeforeStart'],
    ['a window over already', h(9), h(11), 'available', 'EndsInPast'],
    ['any window on an inactive slot', h(14), h(15), 'inactive', 'SlotInactive'],
    ['a window begun, slot available', h(11), h(13), 'available', null],
    ['a window begun, slot booked', h(11), h(13), 'booked', 'SlotNotAvailableNow'],
    ['a window begun, slot in use', h(12), h(13), 'in_use', 'SlotNotAvailableNow'],
  ] as const)('%s → %s', (_name, startsAt, endsAt, slot, refusal) =>
    expect(checkNewBooking({ startsAt, endsAt }, slot, now)).toBe(refusal));
});

describe('display and grace', () => {
  it('codes a booking for people, keeping the integer id', () => {
    expect(bookingCode(42)).toBe('BK-000042');
    expect(bookingCode(1_234_567)).toBe('BK-1234567');
  });

  it('ends a no-show at the start plus the grace', () => {
    expect(noShowDeadline(new Date('2026-05-01T12:00:00Z'), 15 * 60_000)).toEqual(new Date('2026-05-01T12:15:00Z'));
  });
});

describe('reservation rules', () => {
  it.each([
    // status, sent again on reconnect, on the connector's Available, listed for staff
    ['Offline', true, false, false], ['Timeout', true, false, false], ['Failed', true, false, false],
    ['Occupied', true, true, true], ['Faulted', true, true, true], ['Unavailable', true, true, true],
    ['Rejected', false, false, true], ['Accepted', false, false, false], ['Cancelled', false, false, false],
    ['sending', false, false, false],
  ] as const)('%s: reconnect %s, Available %s, attention %s', (status, reconnect, available, attention) => {
    expect(RETRIED_ON_RECONNECT.includes(status)).toBe(reconnect);
    expect(RETRIED_ON_AVAILABLE.includes(status)).toBe(available);
    expect(NEEDS_ATTENTION.includes(status)).toBe(attention);
  });

  it.each([
    [{ outcome: 'answered', status: 'Accepted' }, 'Accepted', null],
    [{ outcome: 'answered', status: 'Occupied' }, 'Occupied', 'Available'],
    [{ outcome: 'answered', status: 'Rejected' }, 'Rejected', 'not sent again'],
    [{ outcome: 'offline', detail: 'x' }, 'Offline', 'reconnects'],
    [{ outcome: 'timeout', detail: 'x' }, 'Timeout', 'did not answer'],
    [{ outcome: 'call-error', detail: 'CALLERROR NotSupported: no' }, 'Failed', 'CALLERROR NotSupported: no'],
    [{ outcome: 'went-down', detail: 'the connection closed' }, 'Failed', 'the connection closed'],
  ] as const)('%o is kept as %s', (answer, status, note) => {
    const kept = reservationOutcome(answer);
    expect(kept.reservationStatus).toBe(status);
    if (note === null) expect(kept.reservationNote).toBeNull();
    else expect(kept.reservationNote).toContain(note);
  });

  it('takes a sending claim for dead past twice the call timeout and a minute', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    expect(staleClaimBefore(now, 30_000)).toEqual(new Date('2026-05-01T11:58:00Z'));
  });
});
