// Charger → central system messages (OCPP 1.6 section 4), one entry per action we accept.
import type {
  ChargePointErrorCode, ChargePointStatus, IdTagInfo, IsoDateTime, MeterValue, RegistrationStatus, StopReason,
} from './common.js';

export interface BootNotificationReq {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}
export interface BootNotificationConf { status: RegistrationStatus; currentTime: IsoDateTime; interval: number }

export interface StatusNotificationReq {
  connectorId: number;
  errorCode: ChargePointErrorCode;
  status: ChargePointStatus;
  info?: string;
  timestamp?: IsoDateTime;
  vendorId?: string;
  vendorErrorCode?: string;
}

export interface StartTransactionReq {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: IsoDateTime;
  reservationId?: number;
}
export interface StartTransactionConf { transactionId: number; idTagInfo: IdTagInfo }

export interface StopTransactionReq {
  transactionId: number;
  meterStop: number;
  timestamp: IsoDateTime;
  idTag?: string;
  reason?: StopReason;
  transactionData?: MeterValue[];
}

export interface MeterValuesReq { connectorId: number; transactionId?: number; meterValue: MeterValue[] }

export interface DataTransferReq { vendorId: string; messageId?: string; data?: string }
export interface DataTransferConf {
  status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';
  data?: string;
}

export type DiagnosticsStatus = 'Idle' | 'Uploaded' | 'UploadFailed' | 'Uploading';
export type FirmwareStatus =
  | 'Downloaded' | 'DownloadFailed' | 'Downloading' | 'Idle' | 'InstallationFailed' | 'Installing' | 'Installed';

// The security extension (OCPP 1.6 security whitepaper edition 3, section 5 and the JSON schemas ocpp-rpc bundles).
export interface SecurityEventNotificationReq { type: string; timestamp: IsoDateTime; techInfo?: string }
export type UploadLogStatus =
  | 'BadMessage' | 'Idle' | 'NotSupportedOperation' | 'PermissionDenied' | 'Uploaded' | 'UploadFailure' | 'Uploading';
export type SignedFirmwareStatus =
  | 'Downloaded' | 'DownloadFailed' | 'Downloading' | 'DownloadScheduled' | 'DownloadPaused' | 'Idle'
  | 'InstallationFailed' | 'Installing' | 'Installed' | 'InstallRebooting' | 'InstallScheduled'
  | 'InstallVerificationFailed' | 'InvalidSignature' | 'SignatureVerified';

type Empty = Record<string, never>;

export interface Inbound {
  BootNotification: { req: BootNotificationReq; conf: BootNotificationConf };
  Heartbeat: { req: Empty; conf: { currentTime: IsoDateTime } };
  StatusNotification: { req: StatusNotificationReq; conf: Empty };
  Authorize: { req: { idTag: string }; conf: { idTagInfo: IdTagInfo } };
  StartTransaction: { req: StartTransactionReq; conf: StartTransactionConf };
  MeterValues: { req: MeterValuesReq; conf: Empty };
  StopTransaction: { req: StopTransactionReq; conf: { idTagInfo?: IdTagInfo } };
  DataTransfer: { req: DataTransferReq; conf: DataTransferConf };
  DiagnosticsStatusNotification: { req: { status: DiagnosticsStatus }; conf: Empty };
  FirmwareStatusNotification: { req: { status: FirmwareStatus }; conf: Empty };
  SecurityEventNotification: { req: SecurityEventNotificationReq; conf: Empty };
  SignCertificate: { req: { csr: string }; conf: { status: 'Accepted' | 'Rejected' } };
  LogStatusNotification: { req: { status: UploadLogStatus; requestId?: number }; conf: Empty };
  SignedFirmwareStatusNotification: { req: { status: SignedFirmwareStatus; requestId?: number }; conf: Empty };
}
export type InboundAction = keyof Inbound;
