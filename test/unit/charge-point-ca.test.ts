// The charge-point CA's configuration (CPO_NAME, CP_CA_CERT_FILE, CP_CA_KEY_FILE): a set-up that cannot sign
// stops the start with a message naming the key (config.ts, charge-point-ca.ts), as the TLS files do (tls.test.ts).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadChargePointCa } from '../../src/charge-point-ca.js';
import { loadTlsMaterial } from '../../src/tls.js';
import { createTestPki, type TestPki } from '../helpers/certificates.js';
import { NO_OPENSSL, describeUnless } from '../helpers/machine.js';

let pki: TestPki;
const describeCa = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
beforeAll(async () => { if (!NO_OPENSSL) pki = await createTestPki(); });
afterAll(() => pki?.remove());

const files = () => ({ cpoName: 'CPO', certFile: pki.caFile, keyFile: join(pki.dir, 'ca.key') });

describeCa('loadConfig: charge-point CA keys', () => {
  it('is off by default, and maps the three keys', () => {
    expect(loadConfig({}).chargePointCa).toBeNull();
    expect(loadConfig({ CPO_NAME: ' My CPO ', CP_CA_CERT_FILE: '/ca.pem', CP_CA_KEY_FILE: '/ca.key' }).chargePointCa)
      .toEqual({ cpoName: 'My CPO', certFile: '/ca.pem', keyFile: '/ca.key' });
  });

  it.each([
    ['CP_CA_KEY_FILE', { CPO_NAME: 'CPO', CP_CA_CERT_FILE: '/ca.pem' }],
    ['CP_CA_CERT_FILE', { CPO_NAME: 'CPO', CP_CA_KEY_FILE: '/ca.key' }],
    ['CPO_NAME', { CP_CA_CERT_FILE: '/ca.pem', CP_CA_KEY_FILE: '/ca.key' }],
  ])('stops with a message naming %s', (key, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${key}:`));
  });
});

describeCa('loadChargePointCa', () => {
  it('reads a CA and its key', () => {
    const ca = loadChargePointCa(files());
    expect(ca.cpoName).toBe('CPO');
    expect(ca.certPem).toContain('-----BEGIN CERTIFICATE-----');
    expect(ca.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['CP_CA_CERT_FILE', 'cannot read', () => ({ ...files(), certFile: join(pki.dir, 'missing.pem') })],
    ['CP_CA_CERT_FILE', 'is not a PEM certificate', () => ({ ...files(), certFile: join(pki.dir, 'ca.key') })],
    ['CP_CA_CERT_FILE', 'is not a CA certificate', () => ({ ...files(), certFile: pki.serverCertFile, keyFile: pki.serverKeyFile })],
    ['CP_CA_KEY_FILE', 'is not a PEM private key', () => ({ ...files(), keyFile: pki.caFile })],
    ['CP_CA_KEY_FILE', 'does not fit CP_CA_CERT_FILE', () => ({ ...files(), keyFile: join(pki.dir, 'other-ca.key') })],
  ])('stops naming %s: %s', (key, message, config) => {
    expect(() => loadChargePointCa(config())).toThrow(ConfigError);
    expect(() => loadChargePointCa(config())).toThrow(new RegExp(`${key}: .*${message}`));
  });

  it('refuses a key WebCrypto cannot sign with, naming CP_CA_KEY_FILE', () => {
    const base = join(pki.dir, 'ed-ca');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`,
      '-days', '2', '-subj', '/CN=Ed CA', '-addext', 'basicConstraints=critical,CA:TRUE']);
    expect(() => loadChargePointCa({ cpoName: 'CPO', certFile: `${base}.pem`, keyFile: `${base}.key` })).toThrow(/CP_CA_KEY_FILE: .*ed25519/);
  });

  it('is trusted beside TLS_CA_FILE for client certificates on the TLS listener', () => {
    const other = loadChargePointCa({ cpoName: 'CPO', certFile: join(pki.dir, 'other-ca.pem'), keyFile: join(pki.dir, 'other-ca.key') });
    const tls = { port: 0, certFile: pki.serverCertFile, keyFile: pki.serverKeyFile };
    const both = loadTlsMaterial({ ...tls, caFile: pki.caFile }, other.certPem)!.ca!.toString();
    expect(both).toContain(pki.ca.toString().trim());
    expect(both).toContain(other.certPem);
    expect(loadTlsMaterial({ ...tls, caFile: null }, other.certPem).ca!.toString().trim()).toBe(other.certPem);
    expect(loadTlsMaterial({ ...tls, caFile: null }).ca).toBeNull();
  });
});
