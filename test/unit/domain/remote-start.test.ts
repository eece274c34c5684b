import { describe, expect, it } from 'vitest';
import { remoteStartBlock, type RemoteStartFacts } from '../../../src/domain/remote-start.js';

const endsAt = new Date('2026-12-02T12:00:00Z');
const ada = { idTag: 'ADA', parentIdTag: 'FLEET' };
const bob = { idTag: 'BOB', parentIdTag: null };
const onConnector = { issueId: 7, scope: 'connector' as const, title: 'Cable worn' };
const onStation = { issueId: 8, scope: 'station' as const, title: 'Power cut' };
const adasBooking = { id: 3, slotId: 4, endsAt, holder: ada };
const facts = (f: Partial<RemoteStartFacts>): RemoteStartFacts => ({ connectorId: 1, maintenance: null, booking: null, tag: ada, ...f });

describe('remoteStartBlock', () => {
  it.each([
    ['a free connector', facts({}), null],
    ['an issue on the connector', facts({ maintenance: onConnector }), { reason: 'maintenance', issueId: 7, scope: 'connector', title: 'Cable worn' }],
    ['an issue on the whole station', facts({ maintenance: onStation }), { reason: 'maintenance', issueId: 8, scope: 'station', title: 'Power cut' }],
    ['no connector named, a whole-station issue', facts({ connectorId: null, maintenance: onStation }), { reason: 'maintenance', issueId: 8, scope: 'station', title: 'Power cut' }],
    ['no connector named, a connector issue elsewhere', facts({ connectorId: null, maintenance: onConnector }), null],
    ['the holder on her booked slot', facts({ booking: adasBooking }), null],
    ['the holder\'s fleet card (same parent)', facts({ booking: adasBooking, tag: { idTag: 'ADA2', parentIdTag: 'fleet' } }), null],
    ['someone else on a booked slot', facts({ booking: adasBooking, tag: bob }), { reason: 'booked', bookingId: 3, slotId: 4, endsAt }],
    ['no connector named on a booked slot (the charger picks)', facts({ connectorId: null, booking: adasBooking, tag: bob }), null],
    ['maintenance wins over a booking', facts({ maintenance: onConnector, booking: adasBooking, tag: bob }), { reason: 'maintenance', issueId: 7, scope: 'connector', title: 'Cable worn' }],
  ] as const)('%s', (_name, f, expected) => {
    expect(remoteStartBlock(f)).toEqual(expected);
  });
});
