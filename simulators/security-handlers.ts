// Answers to the security extension's commands that are not about certificates (OCPP 1.6 security whitepaper
// edition 3): GetLog, SignedUpdateFirmware and ExtendedTriggerMessage. Same shape as command-handlers.ts: decide
// now, CALL only in `after`. The certificate commands, and ExtendedTriggerMessage SignChargePointCertificate, are
// certificate-handlers.ts's.
import { X509Certificate } from 'node:crypto';
import type { CommandHandlerFn, CommandTable } from './command-handlers.js';
import { signChargePointCertificate } from './certificate-handlers.js';
import {
  currentFirmwareStatus, currentLogStatus, installSignedFirmware, jobsOf, sendSecurityEvent, uploadLog, type FirmwareUpdate,
} from './security-jobs.js';

type SecurityAction = 'ExtendedTriggerMessage' | 'GetLog' | 'SignedUpdateFirmware';

// A second GetLog while one uploads cancels the first and is answered AcceptedCanceled (whitepaper, GetLog.conf).
const GetLog: CommandHandlerFn<'GetLog'> = (ctx, req) => {
  const jobs = jobsOf(ctx);
  const canceled = jobs.log !== null;
  const upload = { requestId: req.requestId };
  jobs.log = upload;
  const kind = req.logType === 'SecurityLog' ? 'security' : 'diagnostics';
  return {
    response: { status: canceled ? 'AcceptedCanceled' : 'Accepted', filename: `${kind}-${ctx.identity}-${req.requestId}.log` },
    after: () => uploadLog(ctx, upload),
  };
};

function parseCertificate(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

// A signing certificate that is not a certificate is refused at once, with the security event the whitepaper
// asks for; otherwise the update replaces a running one (AcceptedCanceled) and runs (security-jobs.ts).
const SignedUpdateFirmware: CommandHandlerFn<'SignedUpdateFirmware'> = (ctx, req) => {
  const certificate = parseCertificate(req.firmware.signingCertificate);
  if (!certificate) {
    return {
      response: { status: 'InvalidCertificate' },
      after: () => sendSecurityEvent(ctx, 'InvalidFirmwareSigningCertificate', 'signingCertificate is not a PEM certificate'),
    };
  }
  const jobs = jobsOf(ctx);
  const canceled = jobs.firmware !== null;
  const update: FirmwareUpdate = { requestId: req.requestId, status: 'DownloadScheduled' };
  jobs.firmware = update;
  return {
    response: { status: canceled ? 'AcceptedCanceled' : 'Accepted' },
    after: () => installSignedFirmware(ctx, update, req.firmware, certificate),
  };
};

// TriggerMessage's messages behave as TriggerMessage; LogStatusNotification and FirmwareStatusNotification
// report the security jobs (FirmwareStatusNotification is answered with a SignedFirmwareStatusNotification).
const ExtendedTriggerMessage: CommandHandlerFn<'ExtendedTriggerMessage'> = (ctx, req) => {
  const id = req.connectorId;
  if (id !== undefined && (id < 0 || id > ctx.connectors().length)) return { response: { status: 'Rejected' } };
  const jobs = jobsOf(ctx);
  switch (req.requestedMessage) {
    case 'SignChargePointCertificate':
      return signChargePointCertificate(ctx);
    case 'LogStatusNotification':
      return { response: { status: 'Accepted' }, after: async () => { await ctx.messages.send('LogStatusNotification', currentLogStatus(jobs)); } };
    case 'FirmwareStatusNotification':
      return {
        response: { status: 'Accepted' },
        after: async () => { await ctx.messages.send('SignedFirmwareStatusNotification', currentFirmwareStatus(jobs)); },
      };
    case 'BootNotification':
    case 'Heartbeat':
    case 'MeterValues':
    case 'StatusNotification': {
      const message = req.requestedMessage; // narrowed here, not inside the closure
      return { response: { status: 'Accepted' }, after: () => ctx.messages.trigger(message, id) };
    }
  }
};

export const securityHandlers: Pick<CommandTable, SecurityAction> = { ExtendedTriggerMessage, GetLog, SignedUpdateFirmware };
