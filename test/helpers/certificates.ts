// A throwaway PKI made with the openssl CLI at test time: our CA, a server certificate for 127.0.0.1 and
// localhost, and client certificates on demand, signed by our CA or by another one nobody configured.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair { cert: Buffer; key: Buffer }

export interface TestPki {
  dir: string;
  /** Our CA bundle (TLS_CA_FILE) and its contents, for clients to trust the server too. */
  caFile: string;
  ca: Buffer;
  serverCertFile: string;
  serverKeyFile: string;
  /** A client certificate with subject CN = `cn`, signed by our CA or by the other one. */
  clientCert(cn: string, o?: { signedBy?: 'ourCa' | 'otherCa' }): Promise<KeyPair>;
  remove(): void;
}

// EC keys: a fraction of RSA's generation time, and what current chargers use.
const NEW_EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function createTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'chargesync-pki-'));
  const at = (name: string) => join(dir, name);
  await Promise.all([selfSignedCa(at('ca'), 'ChargeSync Test CA'), selfSignedCa(at('other-ca'), 'Somebody Else CA')]);
  await signed(at('server'), at('ca'), 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  return {
    dir,
    caFile: at('ca.pem'),
    ca: readFileSync(at('ca.pem')),
    serverCertFile: at('server.pem'),
    serverKeyFile: at('server.key'),
    async clientCert(cn, o = {}) {
      const base = at(`client-${randomBytes(4).toString('hex')}`);
      await signed(base, at(o.signedBy === 'otherCa' ? 'other-ca' : 'ca'), cn, 'extendedKeyUsage=clientAuth\n');
      return { cert: readFileSync(`${base}.pem`), key: readFileSync(`${base}.key`) };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function selfSignedCa(base: string, cn: string): Promise<void> {
  await run('openssl', ['req', '-x509', ...NEW_EC_KEY, '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '2',
    '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

/** `${base}.key` and `${base}.pem`, a leaf signed by the CA at `${caBase}.{pem,key}` with the given extensions. */
async function signed(base: string, caBase: string, cn: string, extensions: string): Promise<void> {
  writeFileSync(`${base}.ext`, extensions);
  await run('openssl', ['req', '-new', ...NEW_EC_KEY, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`]);
  await run('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', `${caBase}.pem`, '-CAkey', `${caBase}.key`,
    '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2', '-extfile', `${base}.ext`, '-out', `${base}.pem`]);
}
