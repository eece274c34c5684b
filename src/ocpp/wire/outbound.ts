// Central system → charger messages (OCPP 1.6 section 5), one entry per command we can send.
import type { ChargePointStatus, ChargingProfile, ChargingSchedule, IdTagInfo, IsoDateTime } from './common.js';
import type { DataTransferConf, DataTransferReq } from './inbound.js';

type Empty = Record<string, never>;
type AcceptedRejected = { status: 'Accepted' | 'Rejected' };

export type TriggerableMessage =
  | 'BootNotification' | 'DiagnosticsStatusNotification' | 'FirmwareStatusNotification'
  | 'Heartbeat' | 'MeterValues' | 'StatusNotification';

/** ExtendedTriggerMessage (security whitepaper): TriggerMessage's list plus the security extension's messages. */
export type ExtendedTriggerableMessage =
  | 'BootNotification' | 'LogStatusNotification' | 'FirmwareStatusNotification' | 'Heartbeat' | 'MeterValues'
  | 'SignChargePointCertificate' | 'StatusNotification';

export type CertificateUse = 'CentralSystemRootCertificate' | 'ManufacturerRootCertificate';

/** Identifies an installed certificate (RFC 6960 CertID): hashes of its issuer's name and key, and its serial. */
export interface CertificateHashData {
  hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

export interface ConfigurationKey { key: string; readonly: boolean; value?: string }

export interface AuthorizationData { idTag: string; idTagInfo?: IdTagInfo }

export interface Outbound {
  RemoteStartTransaction: {
    req: { idTag: string; connectorId?: number; chargingProfile?: ChargingProfile };
    conf: AcceptedRejected;
  };
  RemoteStopTransaction: { req: { transactionId: number }; conf: AcceptedRejected };
  Reset: { req: { type: 'Hard' | 'Soft' }; conf: AcceptedRejected };
  UnlockConnector: { req: { connectorId: number }; conf: { status: 'Unlocked' | 'UnlockFailed' | 'NotSupported' } };
  ChangeAvailability: {
    req: { connectorId: number; type: 'Inoperative' | 'Operative' };
    conf: { status: 'Accepted' | 'Rejected' | 'Scheduled' };
  };
  TriggerMessage: {
    req: { requestedMessage: TriggerableMessage; connectorId?: number };
    conf: { status: 'Accepted' | 'Rejected' | 'NotImplemented' };
  };
  GetConfiguration: {
    req: { key?: string[] };
    conf: { configurationKey?: ConfigurationKey[]; unknownKey?: string[] };
  };
  ChangeConfiguration: {
    req: { key: string; value: string };
    conf: { status: 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported' };
  };
  ClearCache: { req: Empty; conf: AcceptedRejected };
  DataTransfer: { req: DataTransferReq; conf: DataTransferConf };
  GetDiagnostics: {
    req: { location: string; retries?: number; retryInterval?: number; startTime?: IsoDateTime; stopTime?: IsoDateTime };
    conf: { fileName?: string };
  };
  UpdateFirmware: {
    req: { location: string; retrieveDate: IsoDateTime; retries?: number; retryInterval?: number };
    conf: Empty;
  };
  GetLocalListVersion: { req: Empty; conf: { listVersion: number } };
  SendLocalList: {
    req: { listVersion: number; updateType: 'Differential' | 'Full'; localAuthorizationList?: AuthorizationData[] };
    conf: { status: 'Accepted' | 'Failed' | 'NotSupported' | 'VersionMismatch' };
  };
  SetChargingProfile: {
    req: { connectorId: number; csChargingProfiles: ChargingProfile };
    conf: { status: 'Accepted' | 'Rejected' | 'NotSupported' };
  };
  ClearChargingProfile: {
    req: {
      id?: number; connectorId?: number;
      chargingProfilePurpose?: ChargingProfile['chargingProfilePurpose']; stackLevel?: number;
    };
    conf: { status: 'Accepted' | 'Unknown' };
  };
  GetCompositeSchedule: {
    req: { connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' };
    conf: {
      status: 'Accepted' | 'Rejected'; connectorId?: number; scheduleStart?: IsoDateTime;
      chargingSchedule?: ChargingSchedule;
    };
  };
  ReserveNow: {
    req: { connectorId: number; expiryDate: IsoDateTime; idTag: string; parentIdTag?: string; reservationId: number };
    conf: { status: 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable' };
  };
  CancelReservation: { req: { reservationId: number }; conf: AcceptedRejected };
  // The security extension (security whitepaper edition 3).
  ExtendedTriggerMessage: {
    req: { requestedMessage: ExtendedTriggerableMessage; connectorId?: number };
    conf: { status: 'Accepted' | 'Rejected' | 'NotImplemented' };
  };
  CertificateSigned: { req: { certificateChain: string }; conf: AcceptedRejected };
  InstallCertificate: {
    req: { certificateType: CertificateUse; certificate: string };
    conf: { status: 'Accepted' | 'Failed' | 'Rejected' };
  };
  GetInstalledCertificateIds: {
    req: { certificateType: CertificateUse };
    conf: { status: 'Accepted' | 'NotFound'; certificateHashData?: CertificateHashData[] };
  };
  DeleteCertificate: {
    req: { certificateHashData: CertificateHashData };
    conf: { status: 'Accepted' | 'Failed' | 'NotFound' };
  };
  GetLog: {
    req: {
      logType: 'DiagnosticsLog' | 'SecurityLog'; requestId: number; retries?: number; retryInterval?: number;
      log: { remoteLocation: string; oldestTimestamp?: IsoDateTime; latestTimestamp?: IsoDateTime };
    };
    conf: { status: 'Accepted' | 'Rejected' | 'AcceptedCanceled'; filename?: string };
  };
  SignedUpdateFirmware: {
    req: {
      requestId: number; retries?: number; retryInterval?: number;
      firmware: {
        location: string; retrieveDateTime: IsoDateTime; installDateTime?: IsoDateTime;
        signingCertificate: string; signature: string;
      };
    };
    conf: { status: 'Accepted' | 'Rejected' | 'AcceptedCanceled' | 'InvalidCertificate' | 'RevokedCertificate' };
  };
}
export type OutboundAction = keyof Outbound;

/** Statuses a connector may report; re-exported for the simulator's convenience. */
export type { ChargePointStatus };
