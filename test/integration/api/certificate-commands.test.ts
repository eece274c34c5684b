// InstallCertificate, GetInstalledCertificateIds and DeleteCertificate through the command route
// (POST /api/stations/{id}/commands/{action}), with the simulator as the charger (security whitepaper edition 3;
// OCA TC_075_1, TC_075_2, TC_076, TC_078). The charger's CertificateHashData is checked against a computation of our own
// here (RFC 6960 CertID, through @peculiar/asn1-x509), not the simulator's.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { connectedCharger } from '../../helpers/charger.js';
import type { TestPki } from '../../helpers/certificates.js';
import { registeredStation, useTlsTestApp } from '../../helpers/tls-app.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
let pki: TestPki;
const describeTls = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
useTlsTestApp((tls) => ({ app, pki } = tls));

const command = (stationId: number, action: string, body: unknown) => api(app).post(`/stations/${stationId}/commands/${action}`, body);
const responseOf = async (stationId: number, action: string, body: unknown) => {
  const res = await command(stationId, action, body);
  expect(res).toMatchObject({ status: 200, body: { outcome: 'answered' } });
  return res.body.response as { status: string; certificateHashData?: unknown[] };
};

/** RFC 6960 CertID of a self-signed certificate: SHA-256 of its DER issuer name and of its key bits, its serial. */
function hashDataOf(pem: string) {
  const cert = AsnConvert.parse(new X509Certificate(pem).raw, Certificate);
  const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(AsnConvert.serialize(cert.tbsCertificate.issuer)),
    issuerKeyHash: sha256(cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: Buffer.from(cert.tbsCertificate.serialNumber).toString('hex').replace(/^0+/, ''),
  };
}

/** A charger on the TLS port trusting the test CA (installed as its CentralSystemRootCertificate, in use). */
async function aCharger() {
  const station = await registeredStation(app, 2);
  await connectedCharger(app, station.chargeBoxId, { url: app.wssUrl!, password: station.password, tls: { ca: pki.ca } })
    .then((cp) => cp.boot());
  return station.id;
}

describeTls('root certificates on the charger', () => {
  it('installs a ManufacturerRootCertificate, lists it by its CertID, deletes it, then finds none (TC_075_1, TC_076)', async () => {
    const stationId = await aCharger();
    const root = readFileSync(join(pki.dir, 'other-ca.pem'), 'utf8');
    const type = { certificateType: 'ManufacturerRootCertificate' };
    expect(await responseOf(stationId, 'GetInstalledCertificateIds', type)).toEqual({ status: 'NotFound' });
    expect(await responseOf(stationId, 'InstallCertificate', { ...type, certificate: root })).toEqual({ status: 'Accepted' });
    const listed = await responseOf(stationId, 'GetInstalledCertificateIds', type);
    expect(listed).toEqual({ status: 'Accepted', certificateHashData: [hashDataOf(root)] });

    expect(await responseOf(stationId, 'DeleteCertificate', { certificateHashData: hashDataOf(root) })).toEqual({ status: 'Accepted' });
    expect(await responseOf(stationId, 'GetInstalledCertificateIds', type)).toEqual({ status: 'NotFound' });
    expect(await responseOf(stationId, 'DeleteCertificate', { certificateHashData: hashDataOf(root) })).toEqual({ status: 'NotFound' });
    // Each went through the command log with the charger's answer.
    const log = (await api(app).get(`/stations/${stationId}/commands`)).body as Array<{ action: string; outcome: string }>;
    expect(log.map((c) => c.action)).toEqual([
      'DeleteCertificate', 'GetInstalledCertificateIds', 'DeleteCertificate', 'GetInstalledCertificateIds', 'InstallCertificate', 'GetInstalledCertificateIds',
    ]);
  });

  it('lists the CentralSystemRootCertificate it connects with, and refuses to delete it: Failed (TC_075_2)', async () => {
    const stationId = await aCharger();
    const type = { certificateType: 'CentralSystemRootCertificate' };
    const ours = pki.ca.toString('utf8');
    expect(await responseOf(stationId, 'GetInstalledCertificateIds', type)).toEqual({ status: 'Accepted', certificateHashData: [hashDataOf(ours)] });
    expect(await responseOf(stationId, 'DeleteCertificate', { certificateHashData: hashDataOf(ours) })).toEqual({ status: 'Failed' });
    // Another CentralSystemRootCertificate installed beside it can go.
    const other = readFileSync(join(pki.dir, 'other-ca.pem'), 'utf8');
    expect(await responseOf(stationId, 'InstallCertificate', { ...type, certificate: other })).toEqual({ status: 'Accepted' });
    expect((await responseOf(stationId, 'GetInstalledCertificateIds', type)).certificateHashData).toHaveLength(2);
    expect(await responseOf(stationId, 'DeleteCertificate', { certificateHashData: hashDataOf(other) })).toEqual({ status: 'Accepted' });
    expect(await responseOf(stationId, 'GetInstalledCertificateIds', type)).toEqual({ status: 'Accepted', certificateHashData: [hashDataOf(ours)] });
  });

  it('answers Rejected for a PEM block that is no certificate; the API refuses text that is not PEM with a 400', async () => {
    const stationId = await aCharger();
    const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    expect(await responseOf(stationId, 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: garbage }))
      .toEqual({ status: 'Rejected' });
    expect(await responseOf(stationId, 'GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' })).toEqual({ status: 'NotFound' });
    const notPem = await command(stationId, 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: 'MIIBszCCAVmgAwIBAgIU' });
    expect(notPem).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'certificate', in: 'body' }] } } });
  });

  it('a CentralSystemRootCertificate the charger rejects comes back as its InvalidCentralSystemCertificate security event (TC_078)', async () => {
    const stationId = await aCharger();
    const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    expect(await responseOf(stationId, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: garbage }))
      .toEqual({ status: 'Rejected' });
    const events = await waitFor(async () => {
      const body = (await api(app).get(`/stations/${stationId}/security-events`)).body as Array<{ type: string }>;
      return body.length > 0 ? body : null;
    });
    expect(events.map((e) => e.type)).toEqual(['InvalidCentralSystemCertificate']);
  });
});
