// The simulator's installed certificates (simulators/certificate-store.ts): CertificateHashData after RFC 6960's
// CertID, checked against @peculiar/asn1-x509's reading of the same certificates, and the store's answers.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CertificateStore } from '../../../simulators/certificate-store.js';
import { normalSerial } from '../../../simulators/certificate-ids.js';
import { createTestPki, type TestPki } from '../../helpers/certificates.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';

let pki: TestPki;
const describePki = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
beforeAll(async () => { if (!NO_OPENSSL) pki = await createTestPki(); });
afterAll(() => pki?.remove());

const asn = (pem: string | Buffer) => AsnConvert.parse(new X509Certificate(pem).raw, Certificate).tbsCertificate;
const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

describePki('CertificateStore', () => {
  it('names a certificate signed by an installed root by that root\'s key, and its own issuer name and serial', async () => {
    const store = new CertificateStore(undefined);
    const leaf = (await pki.clientCert('CP-1')).cert.toString();
    expect(store.install('ManufacturerRootCertificate', pki.ca.toString())).toBe('Accepted');
    expect(store.install('ManufacturerRootCertificate', leaf)).toBe('Accepted');
    const [, leafId] = store.ids('ManufacturerRootCertificate');
    expect(leafId).toEqual({
      hashAlgorithm: 'SHA256',
      issuerNameHash: sha256(AsnConvert.serialize(asn(leaf).issuer)),
      issuerKeyHash: sha256(asn(pki.ca).subjectPublicKeyInfo.subjectPublicKey),
      serialNumber: Buffer.from(asn(leaf).serialNumber).toString('hex').replace(/^0+/, ''),
    });
  });

  it('hashes with the algorithm asked for, and matches a DeleteCertificate whatever the serial\'s case and leading zeroes', () => {
    const store = new CertificateStore(undefined);
    const other = readFileSync(join(pki.dir, 'other-ca.pem'), 'utf8');
    store.install('ManufacturerRootCertificate', other);
    const [id] = store.ids('ManufacturerRootCertificate', 'SHA384');
    expect(id!.issuerNameHash).toHaveLength(96);
    expect(store.delete({ ...id!, serialNumber: `00${id!.serialNumber.toUpperCase()}` })).toBe('Accepted');
    expect(store.ids('ManufacturerRootCertificate')).toEqual([]);
  });

  it('installs a certificate once, keeps the types apart, refuses what is not a certificate, never deletes the one in use', () => {
    const store = new CertificateStore(pki.ca);
    const [inUse] = store.ids('CentralSystemRootCertificate');
    expect(store.install('CentralSystemRootCertificate', pki.ca.toString())).toBe('Accepted');
    expect(store.ids('CentralSystemRootCertificate')).toEqual([inUse]);
    expect(store.ids('ManufacturerRootCertificate')).toEqual([]);
    expect(store.install('ManufacturerRootCertificate', 'not a certificate')).toBe('Rejected');
    expect(store.delete(inUse!)).toBe('Failed');
    expect(store.delete({ ...inUse!, serialNumber: '1' })).toBe('NotFound');
  });

  it.each([['00AB12', 'ab12'], ['0', '0'], ['000', '0'], ['7F', '7f']])('normalSerial(%s) is %s', (hex, normal) =>
    expect(normalSerial(hex)).toBe(normal));
});
