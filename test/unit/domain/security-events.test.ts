// The whitepaper's security events and their critical flags (domain/security-events.ts), and the issue a
// critical one opens.
import { describe, expect, it } from 'vitest';
import { SECURITY_EVENTS, isCriticalSecurityEvent, securityEventIssue } from '../../../src/domain/security-events.js';

describe('isCriticalSecurityEvent', () => {
  it.each([
    ['FirmwareUpdated', true], ['SettingSystemTime', true], ['StartupOfTheDevice', true], ['ResetOrReboot', true],
    ['SecurityLogWasCleared', true], ['MemoryExhaustion', true], ['TamperDetectionActivated', true],
    ['FailedToAuthenticateAtCentralSystem', false], ['CentralSystemFailedToAuthenticate', false],
    ['ReconfigurationOfSecurityParameters', false], ['InvalidMessages', false], ['AttemptedReplayAttacks', false],
    ['InvalidFirmwareSignature', false], ['InvalidFirmwareSigningCertificate', false],
    ['InvalidCentralSystemCertificate', false], ['InvalidChargePointCertificate', false],
    ['InvalidTLSVersion', false], ['InvalidTLSCipherSuite', false],
  ] as const)('%s → %s', (type, critical) => expect(isCriticalSecurityEvent(type)).toBe(critical));

  it('knows exactly the 18 events of the whitepaper, 7 of them critical', () => {
    expect(Object.keys(SECURITY_EVENTS)).toHaveLength(18);
    expect(Object.values(SECURITY_EVENTS).filter(Boolean)).toHaveLength(7);
  });

  it.each(['VendorDoorOpened', 'tamperdetectionactivated', 'toString', 'constructor', '__proto__', ''])(
    'a type the whitepaper does not list (%j) is not critical', (type) => expect(isCriticalSecurityEvent(type)).toBe(false));
});

describe('securityEventIssue', () => {
  it('names the event on the charger as a whole, with its time and techInfo, as a security issue opened by the charger', () => {
    const at = new Date('2026-12-03T08:00:05Z');
    const issue = securityEventIssue({
      stationId: 7, type: 'TamperDetectionActivated', techInfo: 'door sensor', occurredAt: new Date('2026-12-03T08:00:00Z'),
    }, at);
    expect(issue).toEqual({
      stationId: 7, connectorId: 0, title: 'Security event: TamperDetectionActivated',
      description: 'reported at 2026-12-03T08:00:00.000Z; techInfo: door sensor', source: 'security',
      faultErrorCode: null, openedBy: 'charger', openedAt: at,
    });
  });

  it('leaves techInfo out when the charger sent none', () => {
    const issue = securityEventIssue({ stationId: 7, type: 'MemoryExhaustion', techInfo: null, occurredAt: new Date(0) }, new Date(1));
    expect(issue.description).toBe('reported at 1970-01-01T00:00:00.000Z');
  });
});
