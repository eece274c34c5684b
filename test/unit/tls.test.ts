// A TLS configuration that cannot work stops the start with a message naming the key (config.ts, tls.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadTlsMaterial } from '../../src/tls.js';
import { createTestPki, type TestPki } from '../helpers/certificates.js';
import { NO_OPENSSL, describeUnless } from '../helpers/machine.js';

let pki: TestPki;
const describeTls = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
beforeAll(async () => { if (!NO_OPENSSL) pki = await createTestPki(); });
afterAll(() => pki?.remove());

describeTls('loadConfig: TLS keys', () => {
  it('has no TLS listener by default, or with TLS_PORT empty or 0', () => {
    expect(loadConfig({}).tls).toBeNull();
    expect(loadConfig({ TLS_PORT: '', TLS_CERT_FILE: 'x' }).tls).toBeNull();
    expect(loadConfig({ TLS_PORT: '0' }).tls).toBeNull();
  });

  it('maps the TLS keys, an empty TLS_CA_FILE to null', () => {
    const tls = loadConfig({ TLS_PORT: '8443', TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls;
    expect(tls).toEqual({ port: 8443, certFile: '/c.pem', keyFile: '/k.pem', caFile: null });
    expect(loadConfig({ TLS_PORT: '8443', TLS_CERT_FILE: '/c', TLS_KEY_FILE: '/k', TLS_CA_FILE: '/ca' }).tls?.caFile).toBe('/ca');
  });

  it.each([
    ['TLS_CERT_FILE', { TLS_PORT: '8443', TLS_KEY_FILE: '/k.pem' }],
    ['TLS_KEY_FILE', { TLS_PORT: '8443', TLS_CERT_FILE: '/c.pem' }],
    ['TLS_PORT', { TLS_PORT: '8080', TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }],
    ['TLS_PORT', { TLS_PORT: 'https' }],
  ])('stops with a message naming %s', (key, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${key}:`));
  });
});

describeTls('loadTlsMaterial', () => {
  const good = () => ({ port: 0, certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, caFile: pki.caFile });

  it('loads a certificate, its key and the CA bundle', () => {
    const m = loadTlsMaterial(good());
    expect(m.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(m.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(loadTlsMaterial({ ...good(), caFile: null }).ca).toBeNull();
  });

  it.each([
    ['TLS_CERT_FILE', () => ({ ...good(), certFile: join(pki.dir, 'missing.pem') }), /cannot read .*missing\.pem \(ENOENT\)/],
    ['TLS_KEY_FILE', () => ({ ...good(), keyFile: join(pki.dir, 'missing.key') }), /cannot read/],
    ['TLS_CA_FILE', () => ({ ...good(), caFile: join(pki.dir, 'missing-ca.pem') }), /cannot read/],
    ['TLS_CERT_FILE', () => ({ ...good(), certFile: pki.serverKeyFile }), /is not a PEM certificate/],
    ['TLS_KEY_FILE', () => ({ ...good(), keyFile: garbage() }), /is not a PEM private key/],
    // The other CA's key is a valid key, but not the one of the server certificate.
    ['TLS_KEY_FILE', () => ({ ...good(), keyFile: join(pki.dir, 'other-ca.key') }), /does not fit TLS_CERT_FILE/],
  ])('stops with a message naming %s', (key, config, detail) => {
    let thrown: unknown;
    try {
      loadTlsMaterial(config());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(new RegExp(`^invalid configuration: ${key}: `));
    expect((thrown as Error).message).toMatch(detail);
  });
});

function garbage(): string {
  const path = join(pki.dir, 'garbage.key');
  writeFileSync(path, '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
  return path;
}
