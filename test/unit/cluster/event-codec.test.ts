// How an event travels between nodes (src/cluster/event-codec.ts): dates come back as Dates, each event of a run
// gets a message id of its own, and an outbox row an older build wrote gets the id that build published it with.
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentMessageId, decodePayload, MessageIds } from '../../../src/cluster/event-codec.js';

describe('decodePayload', () => {
  it('revives `at` and the keys ending in At, at any depth, and leaves every other string alone', () => {
    const at = new Date('2026-12-02T10:00:00.123Z');
    const startsAt = new Date('2026-12-02T11:00:00.000Z');
    const json = JSON.stringify({
      at, booking: { startsAt, endsAt: null, code: '2026-12-02T11:00:00.000Z', idTag: 'TAG' },
      issue: { resolvedAt: startsAt, title: 'at noon' }, reason: '2026-12-02T10:00:00Z',
    });

    const payload = decodePayload<'booking.changed'>(json) as unknown as Record<string, any>;

    expect(payload.at).toBeInstanceOf(Date);
    expect(payload.at.getTime()).toBe(at.getTime());
    expect(payload.booking.startsAt).toEqual(startsAt);
    expect(payload.booking.endsAt).toBeNull();
    expect(payload.booking.code).toBe('2026-12-02T11:00:00.000Z'); // not a date key: stays a string
    expect(payload.issue.resolvedAt).toEqual(startsAt);
    expect(payload.reason).toBe('2026-12-02T10:00:00Z');
  });

  it('brings a security.event across whole: its occurredAt and at as Dates, techInfo that looks like a date as text', () => {
    const event = {
      eventId: 3, stationId: 7, type: 'SettingSystemTime', techInfo: '2026-12-02T09:00:00.000Z', critical: true, issueId: 12,
      occurredAt: new Date('2026-12-02T09:59:58.000Z'), at: new Date('2026-12-02T10:00:00.000Z'),
    };
    expect(decodePayload<'security.event'>(JSON.stringify(event))).toEqual(event);
  });

  it('brings a site.updated across whole: at as a Date, the fields as given', () => {
    const event = { siteId: 4, change: 'settings' as const, stationId: null, fields: ['maxCurrentA'], at: new Date('2026-12-03T09:00:00.000Z') };
    expect(decodePayload<'site.updated'>(JSON.stringify(event))).toEqual(event);
  });

  it('brings the customer a session event and an invoice event name across whole (issue 19: staff see who charges)', () => {
    const started = {
      sessionId: 9, stationId: 7, connectorId: 1, idTag: 'APP0123456789AB', authorizationStatus: 'Accepted',
      at: new Date('2026-12-03T09:00:00.000Z'), customerId: 42, customerName: 'Ana 2026-12-03T09:00:00.000Z',
    };
    expect(decodePayload<'session.started'>(JSON.stringify(started))).toEqual(started);
    const paid = {
      invoiceId: 3, number: 'INV-000003', sessionId: 9, stationId: 7, connectorId: 1, status: 'paid', totalMinor: 300,
      currency: 'EUR', at: new Date('2026-12-03T10:00:00.000Z'), customerId: null, customerName: null,
    };
    expect(decodePayload<'invoice.paid'>(JSON.stringify(paid))).toEqual(paid);
  });

  it('leaves a date key that does not hold an ISO date as it came', () => {
    expect(decodePayload<'slot.changed'>('{"at":"soon","updatedAt":5}')).toEqual({ at: 'soon', updatedAt: 5 });
  });
});

describe('MessageIds', () => {
  it('gives each event of a run its own id, under the node\'s name', () => {
    const ids = new MessageIds('node-a');
    const given = Array.from({ length: 1_000 }, () => ids.next());
    expect(new Set(given).size).toBe(1_000);
    for (const id of given) expect(id.startsWith('node-a.')).toBe(true);
  });

  it('never gives a restarted node (same NODE_ID, counting from 1 again) its last run\'s ids', () => {
    const before = new MessageIds('node-a');
    const after = new MessageIds('node-a');
    expect(after.next()).not.toBe(before.next());
  });
});

describe('contentMessageId (outbox rows from before MessageIds)', () => {
  const emittedAt = new Date('2026-12-02T10:00:00.000Z');
  const payload = { stationId: 7, at: emittedAt, nested: { b: 1, a: [1, { y: 2, x: 3 }] } };

  it('is the same for the payload and for its copy read back from jsonb, whose keys come in another order', () => {
    const fromJsonb = JSON.parse('{"nested":{"a":[1,{"x":3,"y":2}],"b":1},"at":"2026-12-02T10:00:00.000Z","stationId":7}');
    expect(contentMessageId('node-a', 'connector.status', fromJsonb, emittedAt)).toBe(contentMessageId('node-a', 'connector.status', payload, emittedAt));
  });

  it('differs by node, name, content and emission time', () => {
    const id = contentMessageId('node-a', 'connector.status', payload, emittedAt);
    expect(contentMessageId('node-b', 'connector.status', payload, emittedAt)).not.toBe(id);
    expect(contentMessageId('node-a', 'session.updated', payload, emittedAt)).not.toBe(id);
    expect(contentMessageId('node-a', 'connector.status', { ...payload, stationId: 8 }, emittedAt)).not.toBe(id);
    expect(contentMessageId('node-a', 'connector.status', payload, new Date(emittedAt.getTime() + 1))).not.toBe(id);
  });

  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [{ f: 1, e: 2 }] })).toBe('{"a":[{"e":2,"f":1}],"b":{"c":2,"d":1}}');
  });
});
