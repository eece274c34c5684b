import { describe, expect, it } from 'vitest';
import { decideStartGroup, startKeyOf } from '../../../src/domain/start-groups.js';
import type { StartFacts, StartRequest } from '../../../src/domain/sessions.js';
import type { IdTag } from '../../../src/domain/model.js';
import type { Booking } from '../../../src/domain/bookings.js';

const now = new Date('2026-03-01T10:30:00Z');
const startedAt = new Date('2026-03-01T10:00:00Z');
const tag = (idTag: string): IdTag => ({ idTag, status: 'Accepted', expiryDate: null, parentIdTag: null });
const request = (o: Partial<StartRequest> = {}): StartRequest =>
  ({ stationId: 1, connectorId: 1, idTag: 'DRIVER', meterStartWh: 100, startedAt, reservationId: null, ...o });
const facts = (o: Partial<StartFacts> = {}): StartFacts =>
  ({ resent: null, tag: tag('DRIVER'), chargingElsewhere: false, slotId: null, reserved: null, covering: null, ...o });
const booking = (o: Partial<Booking> = {}): Booking => ({
  id: 7, code: 'BK-7', slotId: 3, customerId: 1, idTag: 'DRIVER', startsAt: startedAt, endsAt: now, status: 'confirmed',
  sessionId: null, reservationStatus: null, reservationNote: null, reservationSentAt: null, createdBy: 'staff',
  createdAt: startedAt, updatedAt: startedAt, ...o,
});
const statusOf = (d: ReturnType<typeof decideStartGroup>[number]) => (d.kind === 'same' ? d : d.authorization.status);

describe('decideStartGroup', () => {
  it('decides a group of one as decideStart does', () => {
    expect(decideStartGroup([{ request: request(), facts: facts() }], now))
      .toEqual([{ kind: 'new', authorization: { status: 'Accepted', expiryDate: null, parentIdTag: null }, fulfils: null }]);
  });

  it('answers a start identical to an earlier one of the group as that one (one session)', () => {
    const decided = decideStartGroup([{ request: request(), facts: facts() }, { request: request(), facts: facts() }], now);
    expect(decided[1]).toEqual({ kind: 'same', as: 0 });
    expect(statusOf(decided[0]!)).toBe('Accepted');
  });

  it('a tag started earlier in the group charges elsewhere for its later starts, without regard to case', () => {
    const decided = decideStartGroup([
      { request: request(), facts: facts() },
      { request: request({ connectorId: 2, idTag: 'driver' }), facts: facts() },
      { request: request({ stationId: 2, idTag: 'OTHER' }), facts: facts({ tag: tag('OTHER') }) },
    ], now);
    expect(decided.map(statusOf)).toEqual(['Accepted', 'ConcurrentTx', 'Accepted']);
  });

  it('a refused start runs as stored, so it counts too; a resend found in the database does not start anything new', () => {
    const unknown = decideStartGroup([
      { request: request({ idTag: 'NOBODY' }), facts: facts({ tag: null }) },
      { request: request({ connectorId: 2, idTag: 'NOBODY' }), facts: facts({ tag: null }) },
    ], now);
    expect(unknown.map(statusOf)).toEqual(['Invalid', 'Invalid']);
    const resent = { authorizationStatus: 'Accepted', id: 5 } as never;
    const decided = decideStartGroup([
      { request: request(), facts: facts({ resent, chargingElsewhere: true }) },
      { request: request({ connectorId: 2, startedAt: now }), facts: facts() },
    ], now);
    expect(decided[0]).toMatchObject({ kind: 'resent' });
    // The resent session is in the database: the second start's own facts say whether it charges elsewhere.
    expect(statusOf(decided[1]!)).toBe('Accepted');
  });

  it('a booking fulfilled earlier in the group is active for the later starts: not fulfilled twice', () => {
    const reserved = booking();
    const decided = decideStartGroup([
      { request: request({ reservationId: 7 }), facts: facts({ slotId: 3, reserved }) },
      { request: request({ stationId: 2, idTag: 'FLEET2', reservationId: 7 }), facts: facts({ slotId: 3, reserved, tag: tag('FLEET2') }) },
    ], now);
    expect(decided[0]).toMatchObject({ kind: 'new', fulfils: reserved });
    expect(decided[1]).toMatchObject({ kind: 'new', authorization: { status: 'Accepted' }, fulfils: null });
  });

  it('the start key tells starts apart by station, connector, tag as sent, time and meterStart', () => {
    const keys = [request(), request({ stationId: 2 }), request({ connectorId: 2 }), request({ idTag: 'driver' }),
      request({ startedAt: now }), request({ meterStartWh: 101 })].map(startKeyOf);
    expect(new Set(keys).size).toBe(6);
    expect(startKeyOf(request())).toBe(startKeyOf(request({ reservationId: 9 })));
  });
});
