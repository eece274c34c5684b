// What the central system asks of chargers by itself (ReserveNow, CancelReservation, TriggerMessage, ...), in the
// domain's words, and how each ended. ocpp/charger-port.ts maps these to and from the wire (OCPP 1.6 §5), once;
// services read the answers as they are.
import type { CommandOutcome } from './commands.js';

/**
 * answered: the charger's status (its CALLRESULT); otherwise why there is none: offline (nothing sent),
 * timeout (no answer in time: whether it acted is unknown), call-error (its CALLERROR), went-down (the
 * connection dropped while we waited). `detail` says it in words for staff.
 */
export type CommandAnswer<S extends string> =
  | { outcome: 'answered'; status: S }
  | { outcome: Exclude<CommandOutcome, 'answered'>; detail: string };

/** OCPP 1.6 §7.38 ReservationStatus: Rejected means the charger does not take reservations at all. */
export const RESERVE_NOW_STATUSES = ['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable'] as const;
export type ReserveNowStatus = (typeof RESERVE_NOW_STATUSES)[number];

export interface ReservationRequest {
  connectorId: number;
  /** The reservation ends on the charger at this instant if nobody comes. */
  expiresAt: Date;
  idTag: string;
  parentIdTag: string | null;
  /** Ours: the booking's id. */
  reservationId: number;
}
export type ReservationAnswer = CommandAnswer<ReserveNowStatus>;

export const CANCEL_RESERVATION_STATUSES = ['Accepted', 'Rejected'] as const;
export type CancelReservationAnswer = CommandAnswer<(typeof CANCEL_RESERVATION_STATUSES)[number]>;

/** OCPP 1.6 §5.17: the messages a charger can be asked to send now. */
export type TriggerableMessage = 'BootNotification' | 'DiagnosticsStatusNotification' | 'FirmwareStatusNotification'
  | 'Heartbeat' | 'MeterValues' | 'StatusNotification';
export const TRIGGER_MESSAGE_STATUSES = ['Accepted', 'Rejected', 'NotImplemented'] as const;
export type TriggerMessageAnswer = CommandAnswer<(typeof TRIGGER_MESSAGE_STATUSES)[number]>;

/** Security whitepaper CertificateSigned: the charger installed the chain we signed, or refused it. */
export const CERTIFICATE_SIGNED_STATUSES = ['Accepted', 'Rejected'] as const;
export type CertificateSignedAnswer = CommandAnswer<(typeof CERTIFICATE_SIGNED_STATUSES)[number]>;

/**
 * SetChargingProfile of one current limit (OCPP 1.6 §5.16, §3.13): unit A, one period in force from the moment the
 * charger accepts it. ocpp/charger-port.ts writes the wire profile (chargingProfileKind Relative: see there).
 */
export interface CurrentLimitProfile {
  connectorId: number;
  chargingProfileId: number;
  stackLevel: number;
  purpose: 'TxProfile' | 'TxDefaultProfile';
  /** TxProfile: the transaction it limits; null for a TxDefaultProfile. */
  transactionId: number | null;
  /** A per phase, a multiple of 0.1 (§7.13 takes one decimal); 0 pauses. */
  limitA: number;
  /** The phases the limit applies to (the site's); null leaves the charger's default (3, §7.13). */
  numberPhases: 1 | 3 | null;
}
/** OCPP 1.6 §7.17 ChargingProfileStatus. */
export const CHARGING_PROFILE_STATUSES = ['Accepted', 'Rejected', 'NotSupported'] as const;
export type ChargingProfileAnswer = CommandAnswer<(typeof CHARGING_PROFILE_STATUSES)[number]>;

/** OCPP 1.6 §7.9 ClearChargingProfileStatus: Unknown when nothing matched. */
export const CLEAR_CHARGING_PROFILE_STATUSES = ['Accepted', 'Unknown'] as const;
export type ClearChargingProfileAnswer = CommandAnswer<(typeof CLEAR_CHARGING_PROFILE_STATUSES)[number]>;
