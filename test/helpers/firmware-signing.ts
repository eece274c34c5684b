// A firmware signing certificate and its key, made with the openssl CLI at test time, and signatures the
// simulator checks (simulators/security-jobs.ts signatureMatches: SHA-256 over firmware.location's bytes).
import { execFile } from 'node:child_process';
import { sign } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FirmwareSigner {
  /** The signing certificate, PEM, as SignedUpdateFirmware's firmware.signingCertificate. */
  certificate: string;
  /** A base64 signature over this location, as firmware.signature. */
  signatureOf(location: string): string;
}

export async function aFirmwareSigner(): Promise<FirmwareSigner> {
  const dir = await mkdtemp(join(tmpdir(), 'chargesync-fw-'));
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=ChargeSync Test Firmware Signer']);
    const [certificate, key] = await Promise.all([readFile(join(dir, 'cert.pem'), 'utf8'), readFile(join(dir, 'key.pem'), 'utf8')]);
    return { certificate, signatureOf: (location) => sign('sha256', Buffer.from(location, 'utf8'), key).toString('base64') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
