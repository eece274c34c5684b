// The charge-point CA (CPO_NAME, CP_CA_CERT_FILE, CP_CA_KEY_FILE): the certificate and key we sign chargers'
// certificates with (security whitepaper, SignCertificate / CertificateSigned). Read and checked once at start,
// as tls.ts does for the listener's files, so a wrong path, a certificate that is no CA or a key that does not
// fit stops the start with the key named, not the first charger's SignCertificate.
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ConfigError, type ChargePointCaConfig } from './config.js';
import type { ChargePointCa } from './services/certificate-issuer.js';

// The keys WebCrypto (and so @peculiar/x509) can sign with on Node 20.
const SIGNING_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

export function loadChargePointCa(c: ChargePointCaConfig): ChargePointCa {
  const certPem = read('CP_CA_CERT_FILE', c.certFile);
  const keyPem = read('CP_CA_KEY_FILE', c.keyFile);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw invalid('CP_CA_CERT_FILE', `${c.certFile} is not a PEM certificate`);
  }
  // basicConstraints CA:TRUE: a leaf would sign certificates no TLS stack accepts.
  if (!cert.ca) throw invalid('CP_CA_CERT_FILE', `${c.certFile} is not a CA certificate (basicConstraints CA:TRUE)`);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw invalid('CP_CA_KEY_FILE', `${c.keyFile} is not a PEM private key (unencrypted)`);
  }
  if (!cert.checkPrivateKey(key)) throw invalid('CP_CA_KEY_FILE', `${c.keyFile} does not fit CP_CA_CERT_FILE ${c.certFile}`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'rsa' && !(key.asymmetricKeyType === 'ec' && curve && SIGNING_CURVES.has(curve))) {
    throw invalid('CP_CA_KEY_FILE', `${c.keyFile} is a ${key.asymmetricKeyType ?? '?'}${curve ? ` ${curve}` : ''} key: RSA or EC P-256/P-384/P-521 are supported`);
  }
  return { cpoName: c.cpoName, certPem: certPem.toString('utf8').trim(), key, notAfter: new Date(cert.validTo) };
}

function read(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    throw invalid(key, `cannot read ${path} (${code})`);
  }
}

const invalid = (key: string, message: string) => new ConfigError(`invalid configuration: ${key}: ${message}`);
