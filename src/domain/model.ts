// Domain types: what the central system knows, in the operator's words. No wire types, no rows.

import type { Relaxation, SecurityProfile } from './stations.js';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface BootInfo {
  vendor: string;
  model: string;
  chargePointSerialNumber: string | null;
  chargeBoxSerialNumber: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
}

export interface Station {
  id: number;
  chargeBoxId: string;
  name: string | null;
  location: string | null;
  /** Where it stands, WGS 84 degrees (the driver app's stations near me): both or neither. */
  latitude: number | null;
  longitude: number | null;
  passwordHash: string | null;
  /** The AuthorizationKey before the last one the charger accepted: valid until its first connection with the new one. */
  previousPasswordHash: string | null;
  /** A new AuthorizationKey waiting for the (offline) charger to accept it; never valid at the handshake. */
  pendingPasswordHash: string | null;
  registrationStatus: RegistrationStatus;
  active: boolean;
  securityProfile: SecurityProfile;
  /** Schema checks relaxed for this charger; empty for a charger that follows the schemas. */
  leniency: Relaxation[];
  /** How far ahead of ours the charger's clock was last seen (s), and when; null when not seen ahead (domain/clock-skew.ts). */
  clockSkewS: number | null;
  clockSkewAt: Date | null;
  boot: BootInfo | null;
  lastBootAt: Date | null;
  lastSeenAt: Date | null;
  /** When the station's row was made: by staff, or at the charger's first contact (auto-registration). */
  registeredAt: Date;
  /** Load management (issue 17): the site whose grid connection it shares, or null. */
  siteId: number | null;
  /** The charger's rating, A per phase per connector; null: only its site limits it. */
  maxCurrentA: number | null;
  /** Higher first, under a site's 'priority' strategy. */
  priority: number;
}

export type ConnectorStatus =
  | 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV'
  | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface ConnectorStatusReport {
  stationId: number;
  connectorId: number;
  status: ConnectorStatus;
  errorCode: string;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  /** The charger's own timestamp, when it sent one. */
  chargerTimestamp: Date | null;
  receivedAt: Date;
}

/** A connector's latest state: the newest report, as of its time (domain/connectors.ts reportTime). */
export interface Connector extends Omit<ConnectorStatusReport, 'chargerTimestamp' | 'receivedAt'> {
  statusAt: Date;
}

export type IdTagStatus = 'Accepted' | 'Blocked';

export interface IdTag {
  idTag: string;
  status: IdTagStatus;
  expiryDate: Date | null;
  parentIdTag: string | null;
}

export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface Authorization {
  status: AuthorizationStatus;
  expiryDate: Date | null;
  parentIdTag: string | null;
}

export interface MeterSample {
  sampledAt: Date;
  measurand: string;
  value: string;
  unit: string | null;
  context: string;
  phase: string | null;
  location: string | null;
  format: string | null;
}

export interface ChargingSession {
  /** The OCPP transactionId. */
  id: number;
  stationId: number;
  connectorId: number;
  idTag: string;
  authorizationStatus: AuthorizationStatus;
  reservationId: number | null;
  meterStartWh: number;
  startedAt: Date;
  meterStopWh: number | null;
  stoppedAt: Date | null;
  stopReason: string | null;
  /** The idTag the StopTransaction carried (may differ from the one that started it). */
  stopIdTag: string | null;
  stopAnomaly: string | null;
  /** Energy delivered: meterStop − meterStart once stopped, the latest register − meterStart while active. */
  energyWh: number | null;
  latestMeterWh: number | null;
  latestPowerW: number | null;
  latestSocPercent: number | null;
  latestMeterAt: Date | null;
}

/** A tag as staff manage it: the authorization fields plus its own id and owner. */
export interface IdTagRecord extends IdTag {
  id: number;
  customerId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer as a session or a booking names it: the owner of its tag. */
export interface CustomerRef {
  id: number;
  name: string;
}

/** A session as staff read it: with its charger's name and the customer whose tag started it. */
export interface SessionView extends ChargingSession {
  chargeBoxId: string;
  customer: CustomerRef | null;
}

/** One connection of a charger: when it came and went, and how the socket closed. */
export interface ConnectionRecord {
  id: number;
  stationId: number;
  remoteAddress: string | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  closeCode: number | null;
  closeReason: string | null;
}
