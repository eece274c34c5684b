// A new key pair and its certificate signing request (security whitepaper A02: on ExtendedTriggerMessage
// SignChargePointCertificate the charger makes a fresh key, which never leaves it, and sends the CSR with
// SignCertificate). EC P-256, subject CN = its identity and O = its CpoName key. node:crypto cannot write a
// PKCS#10 request: @peculiar/x509 does, on WebCrypto, loaded on first use (it costs ~150 ms to import).
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

let library: Promise<typeof X509> | null = null;

function x509(): Promise<typeof X509> {
  library ??= (async () => {
    await import('reflect-metadata'); // the library's dependency injection (tsyringe) needs it loaded first
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
    return lib;
  })();
  return library;
}

export interface CertificateRequest {
  csrPem: string;
  /** PKCS#8 PEM: kept by the charger for the certificate that comes back. */
  keyPem: string;
  /** The public key, SPKI DER, to recognise the certificate that carries it. */
  publicKeyDer: Buffer;
}

export async function newCertificateRequest(subject: { commonName: string; organization: string }): Promise<CertificateRequest> {
  const lib = await x509();
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const csr = await lib.Pkcs10CertificateRequestGenerator.create({
    // JSON names: no escaping of an identity or organisation with commas or equals signs.
    name: [{ CN: [subject.commonName] }, { O: [subject.organization] }],
    keys: keys as unknown as X509.Pkcs10CertificateRequestCreateParams['keys'],
    signingAlgorithm: algorithm,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    csrPem: csr.toString('pem'),
    keyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyDer: createPublicKey(key).export({ format: 'der', type: 'spki' }),
  };
}
