import { describe, expect, it } from 'vitest';
import { decideStart, decideStop, energySoFar, sessionState, type StartFacts } from '../../../src/domain/sessions.js';
import type { ChargingSession, IdTag } from '../../../src/domain/model.js';
import type { Booking } from '../../../src/domain/bookings.js';

const startedAt = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-03-01T11:00:00Z');

describe('decideStop', () => {
  it('energy is meterStop − meterStart', () => {
    expect(decideStop({ meterStartWh: 1_200, startedAt }, { meterStopWh: 12_200, stoppedAt: later }))
      .toEqual({ energyWh: 11_000, anomaly: null });
  });

  it('a zero-energy session is not an anomaly', () => {
    expect(decideStop({ meterStartWh: 500, startedAt }, { meterStopWh: 500, stoppedAt: later }))
      .toEqual({ energyWh: 0, anomaly: null });
  });

  it('records a meter that went backwards instead of inventing energy', () => {
    expect(decideStop({ meterStartWh: 5_000, startedAt }, { meterStopWh: 4_000, stoppedAt: later }))
      .toEqual({ energyWh: null, anomaly: 'MeterWentBackwards' });
  });

  it('records a stop stamped before its start, keeping the energy', () => {
    expect(decideStop({ meterStartWh: 0, startedAt: later }, { meterStopWh: 100, stoppedAt: startedAt }))
      .toEqual({ energyWh: 100, anomaly: 'StopBeforeStart' });
  });
});

describe('a running session', () => {
  it('has energy so far from its latest register reading, never negative', () => {
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: 3_500 })).toBe(2_500);
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: 900 })).toBe(0);
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: null })).toBeNull();
  });

  it('is active until stopped', () => {
    expect(sessionState({ stoppedAt: null })).toBe('active');
    expect(sessionState({ stoppedAt: later })).toBe('completed');
  });
});

describe('decideStart', () => {
  const now = new Date('2026-03-01T10:30:00Z');
  const tag = (idTag: string, parentIdTag: string | null = null): IdTag => ({ idTag, status: 'Accepted', expiryDate: null, parentIdTag });
  const booking = (o: Partial<Booking>): Booking => ({
    id: 7, code: 'BK-7', slotId: 3, customerId: 1, idTag: 'HOLDER', startsAt: startedAt, endsAt: later, status: 'confirmed',
    sessionId: null, reservationStatus: null, reservationNote: null, reservationSentAt: null, createdBy: 'staff',
    createdAt: startedAt, updatedAt: startedAt, ...o,
  });
  const facts = (o: Partial<StartFacts>): StartFacts =>
    ({ resent: null, tag: tag('DRIVER'), chargingElsewhere: false, slotId: null, reserved: null, covering: null, ...o });
  const decide = (f: StartFacts, idTag = 'DRIVER') => decideStart(f, { idTag, now });

  it('answers a resend with the status stored the first time and the tag as it is now', () => {
    const resent = { authorizationStatus: 'Blocked' } as ChargingSession;
    expect(decide(facts({ resent, tag: { ...tag('DRIVER', 'FLEET'), status: 'Accepted' } })))
      .toEqual({ kind: 'resent', session: resent, authorization: { status: 'Blocked', expiryDate: null, parentIdTag: 'FLEET' } });
  });

  it.each([
    ['an unknown tag', { tag: null }, 'Invalid'],
    ['a tag charging elsewhere', { chargingElsewhere: true }, 'ConcurrentTx'],
    ['an accepted tag on a slot without bookings', { slotId: 3 }, 'Accepted'],
  ] as const)('%s is answered %s and fulfils nothing', (_name, f, status) => {
    expect(decide(facts(f))).toMatchObject({ kind: 'new', authorization: { status }, fulfils: null });
  });

  it('fulfils the booking the charger names by reservationId on this slot', () => {
    const reserved = booking({ idTag: 'SOMEONE' });
    expect(decide(facts({ slotId: 3, reserved }))).toMatchObject({ authorization: { status: 'Accepted' }, fulfils: reserved });
    expect(decide(facts({ slotId: 4, reserved }))).toMatchObject({ fulfils: null });
  });

  it("fulfils the covering booking for its holder or the holder's fleet, and refuses anyone else (stored, Invalid)", () => {
    const covering = { booking: booking({ idTag: 'holder' }), holderParentIdTag: 'FLEET' };
    expect(decide(facts({ slotId: 3, covering, tag: tag('HOLDER') }), 'HOLDER')).toMatchObject({ fulfils: covering.booking });
    expect(decide(facts({ slotId: 3, covering, tag: tag('CARD2', 'fleet') }), 'CARD2')).toMatchObject({ fulfils: covering.booking });
    expect(decide(facts({ slotId: 3, covering }))).toMatchObject({ authorization: { status: 'Invalid' }, fulfils: null });
  });

  it('links no booking to a start it does not accept, and an active covering booking refuses no one', () => {
    const covering = { booking: booking({ idTag: 'DRIVER' }), holderParentIdTag: null };
    expect(decide(facts({ slotId: 3, covering, chargingElsewhere: true }))).toMatchObject({ authorization: { status: 'ConcurrentTx' }, fulfils: null });
    const active = { booking: booking({ status: 'active' }), holderParentIdTag: null };
    expect(decide(facts({ slotId: 3, covering: active }))).toMatchObject({ authorization: { status: 'Accepted' }, fulfils: null });
  });
});
