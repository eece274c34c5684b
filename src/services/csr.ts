// A PEM PKCS#10 certificate signing request (RFC 2986), read into what the domain's checks need
// (domain/certificate-signing.ts CsrFacts). The self-signature is verified here: it proves the charger holds
// the key it asks us to certify.
import { createPublicKey } from 'node:crypto';
import type { CsrFacts } from '../domain/certificate-signing.js';
import { x509Library } from './x509-library.js';

// Named curves by their size in bits (OpenSSL's names, as node:crypto reports them).
const CURVE_BITS: Record<string, number> = {
  prime192v1: 192, secp192k1: 192, secp224r1: 224, secp224k1: 224, prime256v1: 256, secp256k1: 256,
  secp384r1: 384, secp521r1: 521, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

/** The CSR's facts, or null when the text is not a CSR at all. */
export async function readCsr(pem: string): Promise<CsrFacts | null> {
  const lib = await x509Library();
  let csr: InstanceType<typeof lib.Pkcs10CertificateRequest>;
  try {
    // PEM as the whitepaper asks; older OpenSSL writes the NEW CERTIFICATE REQUEST label (RFC 7468 §7 accepts it).
    if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) return null;
    csr = new lib.Pkcs10CertificateRequest(pem);
  } catch {
    return null;
  }
  const signatureValid = await csr.verify().catch(() => false);
  return {
    signatureValid,
    commonNames: csr.subjectName.getField('CN'),
    organizations: csr.subjectName.getField('O'),
    key: keyOf(csr.publicKey.rawData),
  };
}

function keyOf(spki: ArrayBuffer): CsrFacts['key'] {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const type = key.asymmetricKeyType ?? 'unknown';
    const details = key.asymmetricKeyDetails ?? {};
    if (type === 'ed25519') return { type, bits: 256 };
    if (type === 'ed448') return { type, bits: 448 };
    if (details.namedCurve) return { type, bits: CURVE_BITS[details.namedCurve] ?? null };
    return { type, bits: details.modulusLength ?? null };
  } catch {
    return { type: 'unknown', bits: null };
  }
}
