// SignCertificate (OCPP 1.6 security whitepaper edition 3, use cases A02/A03): the rules a charger's certificate
// signing request must meet before our charge-point CA signs it, and what we sign. Pure: the CSR comes in already
// parsed (services/csr.ts), time and the CA's own expiry come in as arguments.
import { err, ok, type Result } from '../shared/result.js';

/** What a CSR says, as parsed: the self-signature's verdict, the subject's attributes, the public key. */
export interface CsrFacts {
  signatureValid: boolean;
  /** Every CN and O in the subject (a subject may repeat an attribute: then it names no single one). */
  commonNames: string[];
  organizations: string[];
  key: { type: string; bits: number | null };
}

export type CsrRefusal =
  | 'NotACsr' | 'BadSignature' | 'WrongCommonName' | 'WrongOrganization' | 'WeakKey' | 'NoCertificateAuthority';

/** Why a SignCertificate was answered Rejected, in words for the operator (kept in certificate_signings.reason). */
export function refusalText(why: CsrRefusal, expected: { chargeBoxId: string; cpoName: string | null }, csr?: CsrFacts): string {
  switch (why) {
    case 'NotACsr':
      return 'csr is not a PEM PKCS#10 certificate signing request';
    case 'BadSignature':
      return 'the CSR\'s self-signature does not verify (its key did not sign it)';
    case 'WrongCommonName':
      return `subject CN ${list(csr?.commonNames)} is not the chargeBoxId ${JSON.stringify(expected.chargeBoxId)}`;
    case 'WrongOrganization':
      return `subject O ${list(csr?.organizations)} is not CPO_NAME ${JSON.stringify(expected.cpoName)}`;
    case 'WeakKey':
      return `${csr?.key.type ?? '?'} key of ${csr?.key.bits ?? '?'} bits is too weak: the whitepaper asks RSA/DSA >= ${MIN_RSA_BITS} bits, EC >= ${MIN_EC_BITS} bits`;
    case 'NoCertificateAuthority':
      return 'no charge-point CA is configured (CP_CA_CERT_FILE, CP_CA_KEY_FILE): nothing can be signed';
  }
}

const list = (values: string[] | undefined) => (values && values.length > 0 ? values.map((v) => JSON.stringify(v)).join(', ') : '(none)');

// Security whitepaper, "Certificate properties": keys at least as strong as a 112-bit symmetric key (NIST SP
// 800-57): RSA or DSA of 2048 bits or more, elliptic curves of 224 bits or more.
export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 224;

export function isStrongEnough(key: CsrFacts['key']): boolean {
  if (key.bits === null) return false;
  switch (key.type) {
    case 'rsa': case 'rsa-pss': case 'dsa':
      return key.bits >= MIN_RSA_BITS;
    case 'ec': case 'ed25519': case 'ed448':
      return key.bits >= MIN_EC_BITS;
    default:
      return false;
  }
}

/**
 * The whitepaper's checks, in the order a vendor fixes them: the CSR proves possession of its key, names this
 * charger (CN = chargeBoxId: what security profile 3 checks at the handshake, ocpp/security-profile.ts), names our
 * organisation (the charger puts its CpoName key in O), and its key is strong enough.
 */
export function checkCsr(csr: CsrFacts, expected: { chargeBoxId: string; cpoName: string }): Result<CsrFacts, CsrRefusal> {
  if (!csr.signatureValid) return err('BadSignature');
  if (csr.commonNames.length !== 1 || csr.commonNames[0] !== expected.chargeBoxId) return err('WrongCommonName');
  if (csr.organizations.length !== 1 || csr.organizations[0] !== expected.cpoName) return err('WrongOrganization');
  if (!isStrongEnough(csr.key)) return err('WeakKey');
  return ok(csr);
}

// One year: the charger renews before expiry (whitepaper A03: it sends SignCertificate itself when its
// certificate nears its end), and a lost or retired charger's certificate stops working within a year without
// revocation lists, which OCPP 1.6 does not carry. Backdated a few minutes for chargers whose clock runs behind.
export const CERTIFICATE_VALIDITY_DAYS = 365;
const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** The signed certificate's validity: one year from now, never past the CA's own expiry (a chain is only as
 * valid as its CA). */
export function certificateValidity(now: Date, caNotAfter: Date): { notBefore: Date; notAfter: Date } {
  const notAfter = Math.min(now.getTime() + CERTIFICATE_VALIDITY_DAYS * DAY_MS, caNotAfter.getTime());
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(notAfter) };
}

/** A SignCertificate as we keep it (certificate_signings): our verdict and, once sent, CertificateSigned's fate. */
export interface CertificateSigning {
  id: number;
  stationId: number;
  status: 'Accepted' | 'Rejected';
  reason: string | null;
  /** The PEM chain we signed, leaf first; null when rejected. */
  certificate: string | null;
  serialNumber: string | null;
  notAfter: Date | null;
  requestedAt: Date;
  signedAt: Date | null;
  /** CertificateSigned's outcome: the charger's status, or why it did not get there; null while under way. */
  delivery: string | null;
}

export type NewCertificateSigning = Omit<CertificateSigning, 'id' | 'delivery'> & { csr: string };
