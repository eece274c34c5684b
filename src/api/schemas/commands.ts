// The request bodies of the 26 commands: each is the OCPP 1.6 request payload, as the JSON schemas bundled
// with ocpp-rpc (lib/schemas/ocpp1_6.json) define it, so the OpenAPI document shows the contract and a bad
// field is a 400 naming it before anything is sent. ocpp-rpc's strict mode checks again on the way out.
// Limits are the spec's own (CiString20 idTags, CiString50 keys, …); ranges the spec leaves to the charger
// (connector 99, an unknown reservationId) are not judged here: the charger is the authority (OCPP.md).
import { z } from 'zod';
import type { CommandAction } from '../../domain/commands.js';

const integer = z.number().int();
const text = (max?: number) => (max === undefined ? z.string() : z.string().max(max));
// JSON Schema "format": "date-time" is RFC 3339: a time zone is required.
const dateTime = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with a time zone' });
const uri = z.url({ error: 'must be a URI' });
// The spec's multipleOf 0.1 (ocpp-rpc checks it with the same tolerance for binary fractions).
const tenths = z.number().refine((n) => Math.abs(Math.round(n * 10) - n * 10) < 1e-6, 'must be a multiple of 0.1');
const purpose = z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']);

const chargingSchedule = z.strictObject({
  duration: integer.optional(),
  startSchedule: dateTime.optional(),
  chargingRateUnit: z.enum(['A', 'W']),
  chargingSchedulePeriod: z.array(z.strictObject({
    startPeriod: integer, limit: tenths, numberPhases: integer.optional(),
  })),
  minChargingRate: tenths.optional(),
});

const chargingProfile = z.strictObject({
  chargingProfileId: integer,
  transactionId: integer.optional(),
  stackLevel: integer,
  chargingProfilePurpose: purpose,
  chargingProfileKind: z.enum(['Absolute', 'Recurring', 'Relative']),
  recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
  validFrom: dateTime.optional(),
  validTo: dateTime.optional(),
  chargingSchedule,
});

const idTagInfo = z.strictObject({
  expiryDate: dateTime.optional(),
  parentIdTag: text(20).optional(),
  status: z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']),
});

const certificateUse = z.enum(['CentralSystemRootCertificate', 'ManufacturerRootCertificate']);
// One or more PEM certificates (RFC 7468): a DER file in base64, a path or a fingerprint pasted by mistake is a 400
// naming the field. What the blocks hold is the charger's to judge (InstallCertificate Rejected): OCPP.md.
const PEM_CERTIFICATES = /^\s*(?:-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/;
const pemCertificates = (max: number) =>
  text(max).regex(PEM_CERTIFICATES, 'must be PEM certificates: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----');
const certificateHashData = z.strictObject({
  hashAlgorithm: z.enum(['SHA256', 'SHA384', 'SHA512']),
  issuerNameHash: text(128), issuerKeyHash: text(128), serialNumber: text(40),
});

// One strict object per action: an unknown field is a 400 naming it (api/validation.ts parseInput).
export const commandBodies = {
  RemoteStartTransaction: z.strictObject({
    connectorId: integer.optional(), idTag: text(20), chargingProfile: chargingProfile.optional(),
    // Ours, not OCPP's (removed before sending): wait for the StartTransaction and answer with its transactionId.
    waitForTransaction: z.boolean().optional(),
    // Ours too: start even on a connector under maintenance or a slot booked by someone else (otherwise a 409
    // naming why); the override is logged with the account.
    force: z.boolean().optional().meta({ description: 'Ours, not OCPP\'s: start even under maintenance or on another customer\'s booking (logged with the account)' }),
  }),
  RemoteStopTransaction: z.strictObject({ transactionId: integer }),
  Reset: z.strictObject({ type: z.enum(['Hard', 'Soft']) }),
  UnlockConnector: z.strictObject({ connectorId: integer }),
  ChangeAvailability: z.strictObject({ connectorId: integer, type: z.enum(['Inoperative', 'Operative']) }),
  TriggerMessage: z.strictObject({
    requestedMessage: z.enum([
      'BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues',
      'StatusNotification',
    ]),
    connectorId: integer.optional(),
  }),
  GetConfiguration: z.strictObject({ key: z.array(text(50)).optional() }),
  ChangeConfiguration: z.strictObject({ key: text(50), value: text(500) }),
  ClearCache: z.strictObject({}),
  DataTransfer: z.strictObject({ vendorId: text(255), messageId: text(50).optional(), data: z.string().optional() }),
  GetDiagnostics: z.strictObject({
    location: uri, retries: integer.optional(), retryInterval: integer.optional(),
    startTime: dateTime.optional(), stopTime: dateTime.optional(),
  }),
  UpdateFirmware: z.strictObject({
    location: uri, retries: integer.optional(), retrieveDate: dateTime, retryInterval: integer.optional(),
  }),
  GetLocalListVersion: z.strictObject({}),
  SendLocalList: z.strictObject({
    listVersion: integer,
    localAuthorizationList: z.array(z.strictObject({ idTag: text(20), idTagInfo: idTagInfo.optional() })).optional(),
    updateType: z.enum(['Differential', 'Full']),
  }),
  SetChargingProfile: z.strictObject({ connectorId: integer, csChargingProfiles: chargingProfile }),
  ClearChargingProfile: z.strictObject({
    id: integer.optional(), connectorId: integer.optional(), chargingProfilePurpose: purpose.optional(), stackLevel: integer.optional(),
  }),
  GetCompositeSchedule: z.strictObject({ connectorId: integer, duration: integer, chargingRateUnit: z.enum(['A', 'W']).optional() }),
  ReserveNow: z.strictObject({
    connectorId: integer, expiryDate: dateTime, idTag: text(20), parentIdTag: text(20).optional(), reservationId: integer,
  }),
  CancelReservation: z.strictObject({ reservationId: integer }),
  ExtendedTriggerMessage: z.strictObject({
    requestedMessage: z.enum([
      'BootNotification', 'LogStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues',
      'SignChargePointCertificate', 'StatusNotification',
    ]),
    connectorId: integer.optional(),
  }),
  CertificateSigned: z.strictObject({ certificateChain: pemCertificates(10000) }),
  InstallCertificate: z.strictObject({ certificateType: certificateUse, certificate: pemCertificates(5500) }),
  GetInstalledCertificateIds: z.strictObject({ certificateType: certificateUse }),
  DeleteCertificate: z.strictObject({ certificateHashData }),
  GetLog: z.strictObject({
    logType: z.enum(['DiagnosticsLog', 'SecurityLog']), requestId: integer,
    retries: integer.optional(), retryInterval: integer.optional(),
    log: z.strictObject({ remoteLocation: text(512), oldestTimestamp: dateTime.optional(), latestTimestamp: dateTime.optional() }),
  }),
  SignedUpdateFirmware: z.strictObject({
    requestId: integer, retries: integer.optional(), retryInterval: integer.optional(),
    firmware: z.strictObject({
      location: text(512), retrieveDateTime: dateTime, installDateTime: dateTime.optional(),
      signingCertificate: text(5500), signature: text(800),
    }),
  }),
} satisfies Record<CommandAction, z.ZodType>;

/** What each command does, for the document (OCPP 1.6 section 5). */
export const commandSummaries: Record<CommandAction, string> = {
  RemoteStartTransaction: 'Ask the charger to start a transaction (5.11); waitForTransaction also waits for its transactionId. '
    + 'A 409 (details.reason maintenance with issueId, or booked with bookingId) when the connector, or without connectorId the whole '
    + 'station, is under maintenance, or its slot is booked now for another customer; force: true starts anyway and is logged',
  RemoteStopTransaction: 'Ask the charger to stop a transaction (5.12)',
  Reset: 'Reset the charger, Soft or Hard (5.14); a charger that drops the connection instead of answering reports went-down',
  UnlockConnector: 'Unlock a connector (5.18)',
  ChangeAvailability: 'Make a connector, or the whole charger (0), Operative or Inoperative (5.2)',
  TriggerMessage: 'Ask the charger to send a message now (5.17)',
  GetConfiguration: 'Read configuration keys (5.8)',
  ChangeConfiguration: 'Change a configuration key (5.3)',
  ClearCache: 'Clear the authorization cache (5.4)',
  DataTransfer: 'Send vendor-specific data (5.6)',
  GetDiagnostics: 'Ask the charger to upload diagnostics (5.9)',
  UpdateFirmware: 'Ask the charger to install new firmware (5.19)',
  GetLocalListVersion: 'Read the local authorization list version (5.10)',
  SendLocalList: 'Send a local authorization list (5.15)',
  SetChargingProfile: 'Install a charging profile (5.16)',
  ClearChargingProfile: 'Remove charging profiles (5.5)',
  GetCompositeSchedule: 'Read the composite charging schedule (5.7)',
  ReserveNow: 'Reserve a connector for an idTag (5.13)',
  CancelReservation: 'Cancel a reservation (5.1)',
  ExtendedTriggerMessage: 'Ask the charger to send a message now, including the security extension\'s (security whitepaper 6.2)',
  CertificateSigned: 'Send the charger its signed certificate chain, PEM, leaf first (security whitepaper 4.1)',
  InstallCertificate: 'Install a root certificate on the charger (security whitepaper 4.2)',
  GetInstalledCertificateIds: 'List the root certificates installed on the charger (security whitepaper 4.2)',
  DeleteCertificate: 'Delete an installed root certificate (security whitepaper 4.2)',
  GetLog: 'Ask the charger to upload its diagnostics or security log (security whitepaper 4.4)',
  SignedUpdateFirmware: 'Ask the charger to install signed firmware (security whitepaper 4.5)',
};
