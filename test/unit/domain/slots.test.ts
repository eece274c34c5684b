import { describe, expect, it } from 'vitest';
import { isHolder, mayStartOn, slotStatus, type SlotFacts } from '../../../src/domain/slots.js';

const facts = (o: Partial<SlotFacts> = {}): SlotFacts =>
  ({ connectorStatus: 'Available', underMaintenance: false, sessionRunning: false, bookedNow: false, ...o });

describe('slotStatus', () => {
  it.each([
    ['nothing applies', facts(), 'available'],
    ['a booking covers now', facts({ bookedNow: true }), 'booked'],
    ['a session runs', facts({ sessionRunning: true, bookedNow: true }), 'in_use'],
    ['the connector reports Charging before its session reached us', facts({ connectorStatus: 'Charging' }), 'in_use'],
    ['SuspendedEV', facts({ connectorStatus: 'SuspendedEV' }), 'in_use'],
    ['Faulted', facts({ connectorStatus: 'Faulted', bookedNow: true }), 'inactive'],
    ['Unavailable', facts({ connectorStatus: 'Unavailable' }), 'inactive'],
    ['an open maintenance issue', facts({ underMaintenance: true, bookedNow: true }), 'inactive'],
    ['a connector that never reported', facts({ connectorStatus: null }), 'available'],
    ['Reserved on the charger, no booking now', facts({ connectorStatus: 'Reserved' }), 'available'],
  ] as const)('%s → %s', (_name, f, status) => expect(slotStatus(f)).toBe(status));
});

describe('who may start on a slot', () => {
  const holder = { idTag: 'ALICE', parentIdTag: 'FAMILY' };

  it.each([
    ['available', { idTag: 'BOB', parentIdTag: null }, true],
    ['booked', { idTag: 'alice', parentIdTag: null }, true],
    ['booked', { idTag: 'ALICE-2', parentIdTag: 'FAMILY' }, true],
    ['booked', { idTag: 'BOB', parentIdTag: null }, false],
    ['in_use', { idTag: 'ALICE', parentIdTag: null }, false],
    ['inactive', { idTag: 'ALICE', parentIdTag: null }, false],
  ] as const)('%s, %j → %s', (status, tag, allowed) => expect(mayStartOn(status, tag, holder)).toBe(allowed));

  it('a child tag of the holder\'s own tag counts as the holder', () => {
    expect(isHolder({ idTag: 'KID', parentIdTag: 'alice' }, { idTag: 'ALICE', parentIdTag: null })).toBe(true);
    expect(isHolder({ idTag: 'KID', parentIdTag: null }, { idTag: 'ALICE', parentIdTag: null })).toBe(false);
  });
});
