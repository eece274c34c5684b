// SKELETON (issue 17 item 3): the charging profiles the central system installs and what each charger accepted.
// The interface is what the load balancer codes against; the implementation replaces the stub below.
import type { ServiceDeps } from './deps.js';

/** A limit in amperes per phase for one connector, as one period from now (OCPP 1.6 §3.13, unit A). */
export interface CurrentLimit {
  stationId: number;
  connectorId: number;
  /** A per phase, a multiple of 0.1; 0 pauses the session. */
  limitA: number;
  /** TxProfile: the running transaction's (transactionId required); TxDefaultProfile: the site's fail-safe, on connector 0. */
  purpose: 'TxProfile' | 'TxDefaultProfile';
  transactionId: number | null;
}

/** The charger's answer to SetChargingProfile, or why none came. */
export type LimitOutcome = 'Accepted' | 'Rejected' | 'NotSupported' | 'call-error' | 'offline' | 'timeout' | 'went-down';

/** A profile a charger accepted, as recorded (store/schema/load-management.ts charging_profiles). */
export interface InstalledProfile {
  stationId: number;
  connectorId: number;
  chargingProfileId: number;
  stackLevel: number;
  purpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  transactionId: number | null;
  /** The csChargingProfiles as sent. */
  profile: Record<string, unknown>;
  /** 'staff:<account name>' | 'load-balancer' | 'failsafe' */
  source: string;
  acceptedAt: Date;
}

export interface ChargingProfileService {
  /**
   * SetChargingProfile with one period of limitA from now, recorded in the command log under the source's system
   * principal; on Accepted it is recorded as installed (replacing what it replaces on the charger). Never throws
   * for the charger's sake: offline, no answer and refusals are outcomes.
   */
  setCurrentLimit(limit: CurrentLimit, source: 'load-balancer' | 'failsafe'): Promise<LimitOutcome>;
  /** What is installed on a station, by connector (GET /api/stations/{id}/charging-profiles); NotFound naming stationId. */
  list(stationId: number): Promise<InstalledProfile[]>;
  /** The TxProfile limit (A) each running transaction of these stations last accepted, by transactionId. */
  acceptedTxLimits(stationIds: number[]): Promise<Map<number, number>>;
}

export function makeChargingProfileService(_d: ServiceDeps): ChargingProfileService {
  const notYet = (): never => { throw new Error('charging profiles: not built yet (issue 17 item 3)'); };
  return { setCurrentLimit: notYet, list: notYet, acceptedTxLimits: notYet };
}
