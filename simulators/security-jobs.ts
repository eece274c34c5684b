// The security extension's long jobs on the charger (OCPP 1.6 security whitepaper edition 3): a GetLog upload and
// a SignedUpdateFirmware download, verification and install, each reported step by step with the requestId of the
// command that started it. One of each runs at a time: a newer command replaces the running one, which stops at
// its next step. The steps are pretend ones, timed like GetDiagnostics and UpdateFirmware (maintenance-handlers.ts).
import { verify, type X509Certificate } from 'node:crypto';
import type { Outbound, SignedFirmwareStatus } from '../src/ocpp/wire/index.js';
import type { ChargerContext } from './command-handlers.js';

// How long each pretend step takes: long enough to be seen, short for tests. An upload takes longer, so that a
// second GetLog or a trigger can be seen to meet it running.
const STEP_MS = 300;
const UPLOAD_MS = 1_000;

export interface LogUpload { requestId: number }
export interface FirmwareUpdate { requestId: number; status: SignedFirmwareStatus }

/** What one charger is doing now; null when idle. */
export interface SecurityJobs { log: LogUpload | null; firmware: FirmwareUpdate | null }

// Keyed by the charger's context (one per ChargePoint), so charge-point.ts need not hold this state itself.
const byCharger = new WeakMap<ChargerContext, SecurityJobs>();

export function jobsOf(ctx: ChargerContext): SecurityJobs {
  let jobs = byCharger.get(ctx);
  if (!jobs) byCharger.set(ctx, (jobs = { log: null, firmware: null }));
  return jobs;
}

/** A security event as the charger logs it; the whitepaper's critical ones must reach the central system. */
export async function sendSecurityEvent(ctx: ChargerContext, type: string, techInfo?: string): Promise<void> {
  ctx.log(`security event ${type}${techInfo ? `: ${techInfo}` : ''}`);
  await ctx.messages.send('SecurityEventNotification', { type, timestamp: new Date().toISOString(), ...(techInfo && { techInfo }) });
}

/** Uploading, then Uploaded, unless a newer GetLog took over meanwhile. */
export async function uploadLog(ctx: ChargerContext, upload: LogUpload): Promise<void> {
  const jobs = jobsOf(ctx);
  await ctx.messages.send('LogStatusNotification', { status: 'Uploading', requestId: upload.requestId });
  await ctx.timers.sleep(UPLOAD_MS);
  if (jobs.log !== upload) return ctx.log(`log upload ${upload.requestId} canceled`);
  jobs.log = null;
  await ctx.messages.send('LogStatusNotification', { status: 'Uploaded', requestId: upload.requestId });
}

type SignedFirmware = Outbound['SignedUpdateFirmware']['req']['firmware'];

/**
 * The signature is checked for real, against the signing certificate's public key (SHA-256). The pretend download
 * has no bytes, so what is signed stands for the image: the UTF-8 bytes of firmware.location. A signature made
 * over anything else gives InvalidSignature, as a tampered image would.
 */
export function signatureMatches(firmware: SignedFirmware, certificate: X509Certificate): boolean {
  try {
    return verify('sha256', Buffer.from(firmware.location, 'utf8'), certificate.publicKey, Buffer.from(firmware.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Download at retrieveDateTime, verify, install at installDateTime, then report FirmwareUpdated (a critical event). */
export async function installSignedFirmware(ctx: ChargerContext, update: FirmwareUpdate, firmware: SignedFirmware, certificate: X509Certificate)
  : Promise<void> {
  const jobs = jobsOf(ctx);
  const report = async (status: SignedFirmwareStatus, waitMs = STEP_MS): Promise<boolean> => {
    if (jobs.firmware !== update) return false; // a newer SignedUpdateFirmware took over
    update.status = status;
    ctx.log(`signed firmware ${update.requestId} ${status}`);
    await ctx.messages.send('SignedFirmwareStatusNotification', { status, requestId: update.requestId });
    await ctx.timers.sleep(waitMs);
    return true;
  };
  const done = () => { if (jobs.firmware === update) jobs.firmware = null; };
  await ctx.timers.sleep(Math.max(0, Date.parse(firmware.retrieveDateTime) - Date.now()));
  if (!await report('Downloading') || !await report('Downloaded', 0)) return;
  if (!signatureMatches(firmware, certificate)) {
    await report('InvalidSignature', 0);
    done();
    return sendSecurityEvent(ctx, 'InvalidFirmwareSignature', `firmware ${firmware.location}`);
  }
  const installInMs = firmware.installDateTime ? Date.parse(firmware.installDateTime) - Date.now() : 0;
  if (!await report('SignatureVerified', 0)) return;
  if (installInMs > 0 && !await report('InstallScheduled', installInMs)) return;
  if (!await report('Installing') || !await report('Installed', 0)) return;
  done();
  await sendSecurityEvent(ctx, 'FirmwareUpdated', `firmware ${firmware.location} installed`);
}

/** What a triggered status reports: the job's step, or Idle without a requestId when none runs. */
export function currentLogStatus(jobs: SecurityJobs) {
  return jobs.log ? { status: 'Uploading' as const, requestId: jobs.log.requestId } : { status: 'Idle' as const };
}

export function currentFirmwareStatus(jobs: SecurityJobs) {
  return jobs.firmware ? { status: jobs.firmware.status, requestId: jobs.firmware.requestId } : { status: 'Idle' as const };
}
