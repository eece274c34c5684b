// Security profile 3 (OCPP 1.6 security whitepaper): TLS with a client certificate, trusted by the configured
// CA bundle, whose subject CN is the chargeBoxId. The certificate is the credential: no Basic auth needed.
// Anything less is refused at the handshake, before a connection is recorded.
import { expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { basicAuth, bootedCharger, connectedCharger } from '../../helpers/charger.js';
import type { TestPki } from '../../helpers/certificates.js';
import { registeredStation, useTlsTestApp } from '../../helpers/tls-app.js';
import { upgradeAnswer } from '../../helpers/tls-clients.js';
import { waitFor } from '../../helpers/wait-for.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';

let app: TestApp;
let pki: TestPki;
const describeTls = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
useTlsTestApp((tls) => ({ app, pki } = tls));

const connections = (stationId: number) => app.services.stations.listConnections(stationId);
const wssOf = (chargeBoxId: string) => `${app.wssUrl}/${chargeBoxId}`;

describeTls('security profile 3: TLS client certificate', () => {
  it('accepts a charger whose trusted certificate names its chargeBoxId, without Basic auth', async () => {
    const station = await registeredStation(app, 3);
    const cert = await pki.clientCert(station.chargeBoxId);
    const cp = await bootedCharger(app, station.chargeBoxId, { url: app.wssUrl!, tls: { ca: pki.ca, ...cert } });
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
    const [conn] = await waitFor(async () => { const l = await connections(station.id); return l.length > 0 ? l : undefined; });
    expect(conn).toMatchObject({ stationId: station.id, disconnectedAt: null });
  });

  it('does not check a password the charger sends anyway: the certificate decides', async () => {
    const station = await registeredStation(app, 3);
    const cert = await pki.clientCert(station.chargeBoxId);
    const withWrong = await upgradeAnswer(wssOf(station.chargeBoxId), { ca: pki.ca, ...cert, headers: basicAuth(station.chargeBoxId, 'stale-key') });
    expect(withWrong.status).toBe(101);
    // ... and the right password without a certificate is not enough.
    const passwordOnly = await upgradeAnswer(wssOf(station.chargeBoxId), { ca: pki.ca, headers: basicAuth(station.chargeBoxId, station.password) });
    expect(passwordOnly).toEqual({ status: 401, body: 'Client certificate required (security profile 3)' });
  });

  it.each([
    ['a certificate naming another charger', 'wrong CN', 'Client certificate subject CN is not the chargeBoxId'],
    ['a certificate signed by a CA nobody configured', 'other CA', 'Client certificate not trusted'],
    ['no certificate', 'none', 'Client certificate required (security profile 3)'],
  ] as const)('refuses %s with 401 at the handshake and records nothing', async (_what, kind, reason) => {
    const station = await registeredStation(app, 3);
    const cert = kind === 'wrong CN' ? await pki.clientCert(randomChargeBoxId())
      : kind === 'other CA' ? await pki.clientCert(station.chargeBoxId, { signedBy: 'otherCa' })
      : {};
    expect(await upgradeAnswer(wssOf(station.chargeBoxId), { ca: pki.ca, ...cert })).toEqual({ status: 401, body: reason });
    // The bundled simulator gets the same refusal.
    await expect(connectedCharger(app, station.chargeBoxId, { url: app.wssUrl!, tls: { ca: pki.ca, ...cert } }))
      .rejects.toMatchObject({ name: 'HandshakeRefusedError', statusCode: 401 });
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
    expect(await connections(station.id)).toEqual([]);
    const refusals = app.logs.filter((l) => l.msg === 'handshake refused' && l.chargeBoxId === station.chargeBoxId);
    expect(refusals.map((l) => [l.code, l.reason])).toEqual([[401, reason], [401, reason]]);
  });

  it("refuses another charger's valid certificate: each certificate opens only its own chargeBoxId", async () => {
    const [mine, theirs] = await Promise.all([registeredStation(app, 3), registeredStation(app, 3)]);
    const theirCert = await pki.clientCert(theirs.chargeBoxId);
    expect((await upgradeAnswer(wssOf(mine.chargeBoxId), { ca: pki.ca, ...theirCert })).status).toBe(401);
    expect((await upgradeAnswer(wssOf(theirs.chargeBoxId), { ca: pki.ca, ...theirCert })).status).toBe(101);
  });

  it('refuses the charger over plain ws with 403, whatever it sends', async () => {
    const station = await registeredStation(app, 3);
    const answer = await upgradeAnswer(`${app.ocppUrl}/${station.chargeBoxId}`, { headers: basicAuth(station.chargeBoxId, station.password) });
    expect(answer).toEqual({ status: 403, body: 'Security profile 3 requires TLS (wss)' });
    expect(await connections(station.id)).toEqual([]);
  });
});
