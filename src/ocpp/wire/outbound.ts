// Central system → charger messages (OCPP 1.6 section 5), one entry per command we can send.
import type { ChargePointStatus, ChargingProfile, ChargingSchedule, IdTagInfo, IsoDateTime } from './common.js';
import type { DataTransferConf, DataTransferReq } from './inbound.js';

type Empty = Record<string, never>;
type AcceptedRejected = { status: 'Accepted' | 'Rejected' };

export type TriggerableMessage =
  | 'BootNotification' | 'DiagnosticsStatusNotification' | 'FirmwareStatusNotification'
  | 'Heartbeat' | 'MeterValues' | 'StatusNotification';

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
}
export type OutboundAction = keyof Outbound;

/** Statuses a connector may report; re-exported for the simulator's convenience. */
export type { ChargePointStatus };
