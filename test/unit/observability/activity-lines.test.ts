// The operator's console lines, word for word: what an operator reads when a charger or a session does something.
import { describe, expect, it } from 'vitest';
import { DEBUG_ONLY_EVENTS, describeEvent, formatDuration, formatEnergy, formatMoney } from '../../../src/observability/activity-lines.js';

const station = (id: number) => (id === 7 ? 'CP-001' : `station ${id}`);
const at = new Date('2026-03-01T11:02:00Z');

describe('activity lines', () => {
  it('tells a session start with the tag and the answer it got', () => {
    expect(describeEvent('session.started', {
      sessionId: 42, stationId: 7, connectorId: 1, idTag: 'ABC', authorizationStatus: 'Accepted', at, customerId: null, customerName: null,
    }, station)).toEqual({ level: 'info', msg: 'session 42 started on CP-001 #1, tag ABC (Accepted)' });
  });

  it('tells a session stop with energy, duration, reason and tag status', () => {
    expect(describeEvent('session.stopped', {
      sessionId: 42, stationId: 7, connectorId: 1, energyWh: 12_400, at, idTag: 'ABC', authorizationStatus: 'Invalid',
      startedAt: new Date('2026-03-01T10:00:00Z'), reason: 'Local', customerId: 4, customerName: 'Ana',
    }, station)).toEqual({ level: 'info', msg: 'session 42 stopped on CP-001 #1: 12.4 kWh, 1 h 02 min, reason Local, tag ABC (Invalid)' });
  });

  it('says a station by id when its charger has not been seen', () => {
    expect(describeEvent('session.started', {
      sessionId: 3, stationId: 9, connectorId: 2, idTag: 'T', authorizationStatus: 'Accepted', at, customerId: null, customerName: null,
    }, station).msg).toBe('session 3 started on station 9 #2, tag T (Accepted)');
  });

  it('tells a charger connecting, booting and going away with why', () => {
    expect(describeEvent('station.online', { stationId: 7, chargeBoxId: 'CP-001', at, connectionId: 1, nodeId: null }, station))
      .toEqual({ level: 'info', msg: 'CP-001 connected' });
    expect(describeEvent('station.booted', {
      stationId: 7, chargeBoxId: 'CP-001', registrationStatus: 'Accepted', at, vendor: 'ABB', model: 'Terra AC', firmwareVersion: '1.2', siteId: null,
    }, station)).toEqual({ level: 'info', msg: 'CP-001 booted (Accepted), ABB Terra AC fw 1.2' });
    expect(describeEvent('station.offline', { stationId: 7, chargeBoxId: 'CP-001', at, reason: 'ping timeout', connectionId: 1, nodeId: null }, station))
      .toEqual({ level: 'info', msg: 'CP-001 disconnected: ping timeout' });
  });

  it('warns of a critical security event with its issue, and tells a plain one at info', () => {
    const base = { eventId: 1, stationId: 7, occurredAt: at, at };
    expect(describeEvent('security.event', { ...base, type: 'TamperDetectionActivated', techInfo: 'door', critical: true, issueId: 12 }, station))
      .toEqual({ level: 'warn', msg: 'security event TamperDetectionActivated on CP-001: door (critical, issue 12)' });
    expect(describeEvent('security.event', { ...base, type: 'InvalidMessages', techInfo: null, critical: false, issueId: null }, station))
      .toEqual({ level: 'info', msg: 'security event InvalidMessages on CP-001' });
  });

  it('tells invoices issued and paid in money, not minor units', () => {
    const invoice = { invoiceId: 1, number: 'INV-000001', sessionId: 42, stationId: 7, connectorId: 1, status: 'issued', totalMinor: 420, currency: 'EUR', at,
      customerId: 4, customerName: 'Ana' };
    expect(describeEvent('invoice.issued', invoice, station)).toEqual({ level: 'info', msg: 'invoice INV-000001 issued 4.20 EUR for session 42' });
    expect(describeEvent('invoice.paid', { ...invoice, status: 'paid' }, station)).toEqual({ level: 'info', msg: 'invoice INV-000001 paid 4.20 EUR' });
  });

  it('tells bookings created, cancelled and expired at info, and the rest of their life at debug', () => {
    const booking = {
      id: 5, code: 'BK-000005', slotId: 3, customerId: 1, customerName: 'Ana', idTag: 'ABC', startsAt: new Date('2026-03-01T10:00:00Z'),
      endsAt: new Date('2026-03-01T11:00:00Z'), status: 'confirmed', sessionId: null, reservationStatus: null, reservationNote: null,
    };
    expect(describeEvent('booking.changed', { change: 'created', booking }, station)).toEqual({
      level: 'info', msg: 'booking BK-000005 created: slot 3, tag ABC, 2026-03-01T10:00:00.000Z to 2026-03-01T11:00:00.000Z',
    });
    expect(describeEvent('booking.changed', { change: 'status', booking: { ...booking, status: 'cancelled' } }, station))
      .toEqual({ level: 'info', msg: 'booking BK-000005 cancelled' });
    expect(describeEvent('booking.changed', { change: 'status', booking: { ...booking, status: 'expired' } }, station).level).toBe('info');
    expect(describeEvent('booking.changed', { change: 'status', booking: { ...booking, status: 'active' } }, station).level).toBe('debug');
  });

  it('tells a command and the answer, and warns when there was none', () => {
    const base = { commandId: 1, stationId: 7, chargeBoxId: 'CP-001', action: 'RemoteStopTransaction', requestedBy: 'Ada', at };
    expect(describeEvent('command.result', { ...base, outcome: 'answered', error: null, answerStatus: 'Accepted' }, station))
      .toEqual({ level: 'info', msg: 'command RemoteStopTransaction to CP-001 by Ada: Accepted' });
    expect(describeEvent('command.result', { ...base, outcome: 'timeout', error: 'no answer in 30 s', answerStatus: null }, station))
      .toEqual({ level: 'warn', msg: 'command RemoteStopTransaction to CP-001 by Ada: timeout (no answer in 30 s)' });
  });

  it('keeps meter values and ordinary statuses at debug, and warns of a fault', () => {
    expect(describeEvent('session.updated', {
      sessionId: 42, stationId: 7, connectorId: 1, energyWh: 3_200, powerW: 11_000, socPercent: 45.6, at,
    }, station)).toEqual({ level: 'debug', msg: 'session 42 on CP-001 #1: 3.20 kWh, 11.0 kW, SoC 45 %' });
    expect(describeEvent('connector.status', { stationId: 7, connectorId: 1, status: 'Charging', errorCode: 'NoError', info: null, at }, station).level)
      .toBe('debug');
    expect(describeEvent('connector.status', { stationId: 7, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', info: null, at }, station))
      .toEqual({ level: 'warn', msg: 'CP-001 #1 Faulted: GroundFailure' });
  });

  it('words the events the console skips unworded (while debug is off) at debug, so the skip loses no line', () => {
    const lines = [
      describeEvent('session.updated', { sessionId: 1, stationId: 7, connectorId: 1, energyWh: null, powerW: null, socPercent: null, at }, station),
      describeEvent('slot.changed', { slotId: 1, code: 'CP-001-1', stationId: 7, connectorId: 1, status: 'available', at }, station),
      describeEvent('station.updated', {
        stationId: 7, chargeBoxId: 'CP-001', name: null, location: null, registrationStatus: 'Accepted', active: true,
        securityProfile: 1, leniency: [], at,
      }, station),
      describeEvent('site.updated', { siteId: 3, change: 'balanced', stationId: null, fields: [], at }, station),
    ];
    expect([...DEBUG_ONLY_EVENTS].sort()).toEqual(['session.updated', 'site.updated', 'slot.changed', 'station.updated']);
    expect(lines.map((l) => l.level)).toEqual(['debug', 'debug', 'debug', 'debug']);
    expect(lines[3]!.msg).toBe('site 3 balanced');
  });
});

describe('units an operator reads', () => {
  it.each([[0, '0 s'], [45_000, '45 s'], [14 * 60_000 + 10_000, '14 min'], [3_720_000, '1 h 02 min'], [-5_000, '0 s']])(
    'a duration of %i ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it.each([[null, 'energy unknown'], [50, '0.05 kWh'], [9_999, '10.00 kWh'], [12_345, '12.3 kWh']])(
    '%s Wh reads %s', (wh, text) => expect(formatEnergy(wh)).toBe(text));
  it('money in minor units reads with two decimals', () => expect(formatMoney(1_234, 'EUR')).toBe('12.34 EUR'));
});
