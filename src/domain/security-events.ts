// Security events a charger reports with SecurityEventNotification (OCPP 1.6 security whitepaper edition 3,
// the list of security events). The whitepaper marks some as critical: a charger must push those to us at once
// (and may keep the rest in its security log). The list is open: a charger may send a type of its own, which we
// store as it came and treat as not critical.
import type { NewIssue } from './maintenance-issues.js';

/** The whitepaper's security events, each with its critical flag as the whitepaper's table gives it. */
export const SECURITY_EVENTS = {
  FirmwareUpdated: true,
  FailedToAuthenticateAtCentralSystem: false,
  CentralSystemFailedToAuthenticate: false,
  SettingSystemTime: true,
  StartupOfTheDevice: true,
  ResetOrReboot: true,
  SecurityLogWasCleared: true,
  ReconfigurationOfSecurityParameters: false,
  MemoryExhaustion: true,
  InvalidMessages: false,
  AttemptedReplayAttacks: false,
  TamperDetectionActivated: true,
  InvalidFirmwareSignature: false,
  InvalidFirmwareSigningCertificate: false,
  InvalidCentralSystemCertificate: false,
  InvalidChargePointCertificate: false,
  InvalidTLSVersion: false,
  InvalidTLSCipherSuite: false,
} as const satisfies Record<string, boolean>;

export type KnownSecurityEvent = keyof typeof SECURITY_EVENTS;

/** Critical per the whitepaper; a type it does not list is not. */
export function isCriticalSecurityEvent(type: string): boolean {
  return Object.hasOwn(SECURITY_EVENTS, type) && SECURITY_EVENTS[type as KnownSecurityEvent];
}

export interface SecurityEvent {
  id: number;
  stationId: number;
  type: string;
  techInfo: string | null;
  /** The charger's timestamp of the event. */
  occurredAt: Date;
  /** When we received the notification. */
  receivedAt: Date;
  critical: boolean;
  /** The maintenance issue a critical event opened or joined; null for the others. */
  issueId: number | null;
}

export type NewSecurityEvent = Omit<SecurityEvent, 'id'>;

/**
 * The issue a critical event opens, on connector 0 (the charger as a whole). Source 'security': it asks staff to
 * look, it does not take the charger out of service (domain/maintenance-issues.ts SERVICE_AFFECTING_SOURCES).
 */
export function securityEventIssue(e: Pick<SecurityEvent, 'stationId' | 'type' | 'techInfo' | 'occurredAt'>, at: Date): NewIssue {
  const details = [`reported at ${e.occurredAt.toISOString()}`, e.techInfo && `techInfo: ${e.techInfo}`].filter(Boolean);
  return {
    stationId: e.stationId,
    connectorId: 0,
    title: `Security event: ${e.type}`,
    description: details.join('; '),
    source: 'security',
    faultErrorCode: null,
    openedBy: 'charger',
    openedAt: at,
  };
}
