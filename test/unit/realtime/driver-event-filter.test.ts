// What a driver's stream lets through (src/realtime/driver-event-filter.ts): the driver's own sessions (followed by
// id for session.updated), bookings and invoices, every connector's availability, and nothing else.
import { describe, expect, it } from 'vitest';
import { driverEventFilter } from '../../../src/realtime/driver-event-filter.js';
import type { SentEvent } from '../../../src/realtime/event-filter.js';

const ME = 7;
const at = '2026-12-03T10:00:00.000Z';
const started = (sessionId: number, customerId: number | null): SentEvent => ({ name: 'session.started', payload: {
  sessionId, stationId: 1, connectorId: 1, idTag: 'T', authorizationStatus: 'Accepted', at, customerId, customerName: customerId ? 'X' : null,
} });
const updated = (sessionId: number): SentEvent => ({ name: 'session.updated', payload: {
  sessionId, stationId: 1, connectorId: 1, energyWh: 10, powerW: 1000, socPercent: null, at,
} });
const stopped = (sessionId: number, customerId: number | null): SentEvent => ({ name: 'session.stopped', payload: {
  sessionId, stationId: 1, connectorId: 1, energyWh: 10, at, idTag: 'T', authorizationStatus: 'Accepted', startedAt: at, reason: null,
  customerId, customerName: customerId ? 'X' : null,
} });
const invoice = (name: 'invoice.issued' | 'invoice.paid' | 'invoice.voided', customerId: number | null): SentEvent => ({ name, payload: {
  invoiceId: 1, number: 'INV-000001', sessionId: 1, stationId: 1, connectorId: 1, status: 'unpaid', totalMinor: 1, currency: 'EUR', at,
  customerId, customerName: null,
} });
const booking = (customerId: number): SentEvent => ({ name: 'booking.changed', payload: { change: 'created', booking: {
  id: 1, code: 'BK-000001', slotId: 1, customerId, customerName: 'X', idTag: 'T', startsAt: at, endsAt: at, status: 'confirmed',
  sessionId: null, reservationStatus: null, reservationNote: null,
} } });

describe('a driver\'s event filter', () => {
  it('follows the sessions running at subscribe and those it sees start, until they stop', () => {
    const pass = driverEventFilter(ME, [11]);
    expect(pass(updated(11))).toBe(true); // running when the stream opened
    expect(pass(updated(12))).toBe(false);
    expect(pass(started(12, ME))).toBe(true);
    expect(pass(updated(12))).toBe(true);
    expect(pass(stopped(12, ME))).toBe(true);
    expect(pass(updated(12))).toBe(false); // no longer followed
    expect(pass(stopped(11, null))).toBe(true); // followed: its stop passes even if its tag has no owner now
  });

  it('keeps out another customer\'s or nobody\'s sessions, bookings and invoices', () => {
    const pass = driverEventFilter(ME, []);
    expect(pass(started(20, 8))).toBe(false);
    expect(pass(started(21, null))).toBe(false);
    expect(pass(updated(20))).toBe(false);
    expect(pass(stopped(20, 8))).toBe(false);
    expect(pass(booking(8))).toBe(false);
    expect(pass(booking(ME))).toBe(true);
    for (const name of ['invoice.issued', 'invoice.paid', 'invoice.voided'] as const) {
      expect(pass(invoice(name, 8))).toBe(false);
      expect(pass(invoice(name, null))).toBe(false);
      expect(pass(invoice(name, ME))).toBe(true);
    }
  });

  it('passes connectors\' availability and nothing about chargers, commands, issues, sites or security', () => {
    const pass = driverEventFilter(ME, []);
    expect(pass({ name: 'slot.changed', payload: { slotId: 1, code: 'A1', stationId: 1, connectorId: 1, status: 'available', at } })).toBe(true);
    expect(pass({ name: 'connector.status', payload: { stationId: 1, connectorId: 1, status: 'Available', errorCode: 'NoError', info: null, at } })).toBe(true);
    expect(pass({ name: 'station.online', payload: { stationId: 1, chargeBoxId: 'CP', at, connectionId: 1, nodeId: null } })).toBe(false);
    expect(pass({ name: 'command.result', payload: {
      commandId: 1, stationId: 1, chargeBoxId: 'CP', action: 'RemoteStartTransaction', outcome: 'answered', requestedBy: 'driver:8',
      error: null, at, answerStatus: 'Accepted',
    } })).toBe(false);
    expect(pass({ name: 'site.updated', payload: { siteId: 1, change: 'settings', stationId: null, fields: [], at } })).toBe(false);
  });
});
