// CertificateHashData (security whitepaper, as OCPP 2.0.1): how a charger names an installed certificate, after
// RFC 6960's CertID: the hash of the issuer's DER-encoded distinguished name, the hash of the issuer's public key
// (the subjectPublicKey BIT STRING's contents, without tag, length and unused-bits octet) and the serial number in
// hexadecimal without leading zeroes. node:crypto gives the certificate's DER but not these parts, so a few lines
// of DER reading take them out.
import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateHashData } from '../src/ocpp/wire/index.js';

type HashAlgorithm = CertificateHashData['hashAlgorithm'];

interface Element { tag: number; start: number; contentStart: number; end: number }

/** The DER element at `at`: its tag and where its contents begin and it ends. */
function element(der: Buffer, at: number): Element {
  const tag = der[at]!;
  let length = der[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[at + 2 + i]!;
    contentStart += octets;
  }
  return { tag, start: at, contentStart, end: contentStart + length };
}

/** The children of a SEQUENCE. */
function children(der: Buffer, parent: Element): Element[] {
  const found: Element[] = [];
  for (let at = parent.contentStart; at < parent.end; at = found[found.length - 1]!.end) found.push(element(der, at));
  return found;
}

/** tbsCertificate's fields: [0] version (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo. */
function tbsFields(cert: X509Certificate): { der: Buffer; issuer: Element; subject: Element; spki: Element } {
  const der = cert.raw;
  const tbs = children(der, element(der, 0))[0]!;
  const fields = children(der, tbs);
  const rest = fields[0]!.tag === 0xa0 ? fields.slice(1) : fields;
  return { der, issuer: rest[2]!, subject: rest[4]!, spki: rest[5]! };
}

/** The issuer's DER-encoded name as this certificate carries it. */
export function issuerNameDer(cert: X509Certificate): Buffer {
  const { der, issuer } = tbsFields(cert);
  return der.subarray(issuer.start, issuer.end);
}

export function subjectNameDer(cert: X509Certificate): Buffer {
  const { der, subject } = tbsFields(cert);
  return der.subarray(subject.start, subject.end);
}

/** The public key bits: subjectPublicKey's contents after the unused-bits octet. */
export function publicKeyBits(cert: X509Certificate): Buffer {
  const { der, spki } = tbsFields(cert);
  const bitString = children(der, spki)[1]!;
  return der.subarray(bitString.contentStart + 1, bitString.end);
}

const NODE_HASH: Record<HashAlgorithm, string> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** `issuer`: the certificate that signed `cert` (itself for a root). */
export function certificateHashData(cert: X509Certificate, issuer: X509Certificate, hashAlgorithm: HashAlgorithm = 'SHA256'): CertificateHashData {
  const hash = (bytes: Buffer) => createHash(NODE_HASH[hashAlgorithm]).update(bytes).digest('hex');
  return {
    hashAlgorithm,
    issuerNameHash: hash(issuerNameDer(cert)),
    issuerKeyHash: hash(publicKeyBits(issuer)),
    serialNumber: normalSerial(cert.serialNumber),
  };
}

/** Hexadecimal, lower case, without leading zeroes ("0" for zero), so two spellings of one serial compare equal. */
export function normalSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}
