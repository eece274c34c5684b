// A central system whose TLS listener trusts only the charge-point CA that signs chargers' certificates
// (CP_CA_CERT_FILE; no TLS_CA_FILE), on a throwaway PKI from the openssl CLI; and CSRs made by hand, for the
// requests the simulator would never send (another CN, a weak key).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestPki, type TestPki } from './certificates.js';
import { startTestApp, type TestApp } from './test-app.js';

const run = promisify(execFile);

export const CPO_NAME = 'ChargeSync Test CPO';

export interface CaTestApp { app: TestApp; pki: TestPki; caCertFile: string; caKeyFile: string; stop(): Promise<void> }

export async function startChargePointCaApp(): Promise<CaTestApp> {
  const pki = await createTestPki();
  try {
    const caCertFile = join(pki.dir, 'cp-ca.pem');
    const caKeyFile = join(pki.dir, 'cp-ca.key');
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', caKeyFile, '-out', caCertFile, '-days', '30', '-subj', '/CN=ChargeSync Test Charge Point CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const app = await startTestApp({
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, caFile: null },
      chargePointCa: { cpoName: CPO_NAME, certFile: caCertFile, keyFile: caKeyFile },
    });
    return {
      app, pki, caCertFile, caKeyFile,
      async stop() {
        pki.remove();
        await app.stop();
      },
    };
  } catch (err) {
    pki.remove();
    throw err;
  }
}

/** A PEM CSR with this subject ('/CN=x/O=y') and key ('rsa:1024', 'ec:prime256v1', ...). */
export async function csrOf(pki: TestPki, subject: string, key = 'ec:prime256v1'): Promise<string> {
  const base = join(pki.dir, `csr-${randomBytes(4).toString('hex')}`);
  const [kind, size] = key.split(':') as [string, string];
  const newKey = kind === 'ec' ? ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${size}`] : ['-newkey', key];
  await run('openssl', ['req', '-new', ...newKey, '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', subject]);
  return readFileSync(`${base}.csr`, 'utf8');
}

/** Asks openssl whether `chain`'s first certificate verifies against the CA file, for the purpose given. */
export async function opensslVerifies(pki: TestPki, caFile: string, chain: string, purpose = 'sslclient'): Promise<string> {
  const file = join(pki.dir, `chain-${randomBytes(4).toString('hex')}.pem`);
  writeFileSync(file, chain);
  const answer = await run('openssl', ['verify', '-purpose', purpose, '-CAfile', caFile, file])
    .catch((err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }));
  return answer.stdout.trim();
}
