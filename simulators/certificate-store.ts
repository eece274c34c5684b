// The charger's installed root certificates per type (security whitepaper InstallCertificate,
// GetInstalledCertificateIds, DeleteCertificate; OCA TC_075, TC_076), and the key pair waiting for its certificate
// (SignCertificate → CertificateSigned). It starts with the CA it trusts for its TLS connection installed as
// CentralSystemRootCertificate: that one is in use and is never deleted (the whitepaper: a charger does not
// delete the certificate it needs to connect; DeleteCertificate answers Failed).
import { X509Certificate } from 'node:crypto';
import type { CertificateHashData, CertificateUse } from '../src/ocpp/wire/index.js';
import { certificateHashData, normalSerial, subjectNameDer, issuerNameDer } from './certificate-ids.js';

interface Installed { type: CertificateUse; cert: X509Certificate; inUse: boolean }

/** The PEM blocks of a bundle. */
export function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export class CertificateStore {
  private readonly installed: Installed[] = [];

  /** `trusted`: the CA bundle of the TLS connection (PEM), installed as in use. */
  constructor(trusted: string | Buffer | undefined) {
    for (const pem of pemBlocks(trusted?.toString() ?? '')) {
      this.installed.push({ type: 'CentralSystemRootCertificate', cert: new X509Certificate(pem), inUse: true });
    }
  }

  /** Rejected for text that is not a certificate; a certificate already installed is not installed twice. */
  install(type: CertificateUse, pem: string): 'Accepted' | 'Rejected' {
    const [first] = pemBlocks(pem);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(first ?? '');
    } catch {
      return 'Rejected';
    }
    if (!this.installed.some((i) => i.type === type && i.cert.fingerprint256 === cert.fingerprint256)) {
      this.installed.push({ type, cert, inUse: false });
    }
    return 'Accepted';
  }

  ids(type: CertificateUse, hashAlgorithm: CertificateHashData['hashAlgorithm'] = 'SHA256'): CertificateHashData[] {
    return this.installed.filter((i) => i.type === type).map((i) => certificateHashData(i.cert, this.issuerOf(i.cert), hashAlgorithm));
  }

  delete(id: CertificateHashData): 'Accepted' | 'Failed' | 'NotFound' {
    const index = this.installed.findIndex((i) => matches(certificateHashData(i.cert, this.issuerOf(i.cert), id.hashAlgorithm), id));
    const found = this.installed[index];
    if (!found) return 'NotFound';
    if (found.inUse) return 'Failed';
    this.installed.splice(index, 1);
    return 'Accepted';
  }

  // A root is its own issuer. For a certificate signed by another, its issuer among those installed; failing that
  // its own key stands in (the hash then names no real issuer key, but stays stable for DeleteCertificate).
  private issuerOf(cert: X509Certificate): X509Certificate {
    const issuerName = issuerNameDer(cert);
    if (issuerName.equals(subjectNameDer(cert))) return cert;
    return this.installed.find((i) => subjectNameDer(i.cert).equals(issuerName))?.cert ?? cert;
  }
}

function matches(a: CertificateHashData, b: CertificateHashData): boolean {
  return a.issuerNameHash === b.issuerNameHash.toLowerCase() && a.issuerKeyHash === b.issuerKeyHash.toLowerCase()
    && a.serialNumber === normalSerial(b.serialNumber);
}
