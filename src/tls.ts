// The TLS listener's material and server (security profiles 2 and 3). The files are read and checked once at
// start, so a wrong path or a key that does not fit its certificate stops the start with the key named
// (as config.ts does for a bad value), not the first charger's handshake.
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createSecureContext } from 'node:tls';
import { ConfigError, type TlsConfig } from './config.js';

export interface TlsMaterial { cert: Buffer; key: Buffer; ca: Buffer | null }

/** chargePointCa: the CA that signs chargers' certificates (charge-point-ca.ts), trusted for client certificates
 * beside TLS_CA_FILE, so a charger whose certificate we signed can connect at security profile 3. */
export function loadTlsMaterial(c: TlsConfig, chargePointCa: string | null = null): TlsMaterial {
  const cert = readPem('TLS_CERT_FILE', c.certFile, (pem) => new X509Certificate(pem), 'a PEM certificate');
  const key = readPem('TLS_KEY_FILE', c.keyFile, (pem) => createPrivateKey(pem), 'a PEM private key');
  const bundle = c.caFile ? readPem('TLS_CA_FILE', c.caFile, (pem) => new X509Certificate(pem), 'a PEM certificate bundle') : null;
  const ca = joinPem(bundle, chargePointCa);
  try {
    createSecureContext({ cert, key, ...(ca && { ca }) });
  } catch (err) {
    throw invalid('TLS_KEY_FILE', `${c.keyFile} does not fit TLS_CERT_FILE ${c.certFile} (${errorText(err)})`);
  }
  return { cert, key, ca };
}

/**
 * https + wss on the same express app. A client certificate is asked for (when a CA bundle is configured) but
 * an untrusted or missing one does not end the TLS handshake: a profile-2 charger has none, and the handshake
 * auth refuses per station with an HTTP status a charger can log (ocpp/security-profile.ts).
 */
export function createTlsServer(m: TlsMaterial, app: RequestListener): Server {
  return createServer({
    cert: m.cert,
    key: m.key,
    // Without our own bundle Node would trust its public root CAs for client certificates: ask for none then.
    ...(m.ca ? { ca: m.ca, requestCert: true } : { requestCert: false }),
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2', // the OCPP 1.6 security whitepaper requires TLS 1.2 or newer
  }, app);
}

function joinPem(bundle: Buffer | null, extra: string | null): Buffer | null {
  if (!extra) return bundle;
  return Buffer.from(bundle ? `${bundle.toString('utf8').trim()}\n${extra.trim()}\n` : `${extra.trim()}\n`);
}

function readPem<T>(key: string, path: string, parse: (pem: Buffer) => T, what: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    throw invalid(key, `cannot read ${path} (${errorText(err)})`);
  }
  try {
    parse(pem);
  } catch {
    throw invalid(key, `${path} is not ${what}`);
  }
  return pem;
}

const invalid = (key: string, message: string) => new ConfigError(`invalid configuration: ${key}: ${message}`);
const errorText = (err: unknown) => (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
