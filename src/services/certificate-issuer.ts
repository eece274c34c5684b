// Signs a charger's CSR with the charge-point CA (CP_CA_CERT_FILE / CP_CA_KEY_FILE, loaded by
// src/charge-point-ca.ts). What the certificate carries, after the security whitepaper's "Certificate properties"
// and RFC 5280: the CSR's own subject (CN = chargeBoxId, O = CPO_NAME, already checked) and public key, our CA as
// issuer, a random positive 128-bit serial, basicConstraints CA:FALSE, keyUsage digitalSignature, extended key
// usage clientAuth (it is the charger's TLS client certificate, security profile 3), subject and authority key
// identifiers, signed with SHA-256 or stronger. Validity: domain/certificate-signing.ts certificateValidity.
import { randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { x509Library } from './x509-library.js';

export interface ChargePointCa {
  cpoName: string;
  /** The CA certificate (and any sub-CA chain above our signing CA), PEM, appended to every chain we send. */
  certPem: string;
  key: KeyObject;
  notAfter: Date;
}

export interface IssuedCertificate {
  /** The PEM chain for CertificateSigned: the charger's certificate first, then the CA's. */
  chainPem: string;
  serialNumber: string;
  notAfter: Date;
}

interface SigningKey { key: webcrypto.CryptoKey; algorithm: { name: string; hash: string } }

const signingKeys = new WeakMap<KeyObject, Promise<SigningKey>>();

export async function issueCertificate(
  ca: ChargePointCa, csrPem: string, validity: { notBefore: Date; notAfter: Date },
): Promise<IssuedCertificate> {
  const lib = await x509Library();
  const csr = new lib.Pkcs10CertificateRequest(csrPem);
  const caCert = new lib.X509Certificate(ca.certPem);
  const signing = await signingKeyOf(ca.key);
  const serialNumber = randomSerial();
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber,
    // Name objects keep the exact encoding, so the issuer matches the CA's subject byte for byte (chain building).
    subject: csr.subjectName,
    issuer: caCert.subjectName,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    publicKey: csr.publicKey,
    signingKey: signing.key as unknown as X509.X509CertificateCreateWithKeyParams['signingKey'],
    signingAlgorithm: signing.algorithm,
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.clientAuth]),
      await lib.SubjectKeyIdentifierExtension.create(csr.publicKey),
      await lib.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return { chainPem: `${cert.toString('pem')}\n${ca.certPem}\n`, serialNumber, notAfter: validity.notAfter };
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 random ones, the top bit cleared and the first octet non-zero. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function signingKeyOf(key: KeyObject): Promise<SigningKey> {
  let found = signingKeys.get(key);
  if (!found) {
    found = importSigningKey(key);
    signingKeys.set(key, found);
  }
  return found;
}

// The hash follows the key's strength (SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521).
const EC = { prime256v1: ['P-256', 'SHA-256'], secp384r1: ['P-384', 'SHA-384'], secp521r1: ['P-521', 'SHA-512'] } as const;

async function importSigningKey(key: KeyObject): Promise<SigningKey> {
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']), algorithm };
  }
  // charge-point-ca.ts let only RSA and these curves through.
  const [namedCurve, hash] = EC[key.asymmetricKeyDetails?.namedCurve as keyof typeof EC];
  const imported = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve }, false, ['sign']);
  return { key: imported, algorithm: { name: 'ECDSA', hash } };
}
