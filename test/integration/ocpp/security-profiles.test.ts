// Security profiles 1 and 2 (OCPP 1.6 security whitepaper; ../shared/OCPP.md "Connection") and the TLS
// listener: Basic auth over plain ws or TLS for profile 1; TLS only for profile 2, refused at the handshake
// over plain ws. The REST API and /health are on the TLS port too. Profile 3: security-profile-3.test.ts.
import { expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { basicAuth, bootedCharger, connectedCharger } from '../../helpers/charger.js';
import type { TestPki } from '../../helpers/certificates.js';
import { registeredStation, useTlsTestApp } from '../../helpers/tls-app.js';
import { httpsGet, upgradeAnswer } from '../../helpers/tls-clients.js';
import { waitFor } from '../../helpers/wait-for.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';

let app: TestApp;
let pki: TestPki;
const describeTls = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
useTlsTestApp((tls) => ({ app, pki } = tls));

const wss = () => app.wssUrl!;
const connections = (stationId: number) => app.services.stations.listConnections(stationId);
const refusalsOf = (chargeBoxId: string) =>
  app.logs.filter((l) => l.msg === 'handshake refused' && l.chargeBoxId === chargeBoxId).map((l) => [l.code, l.reason]);

describeTls('the TLS listener', () => {
  it('is a second port beside the plain one', () => {
    expect(app.tlsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(app.wssUrl).toBe(`${app.tlsUrl!.replace('https:', 'wss:')}/ocpp`);
    expect(new URL(app.tlsUrl!).port).not.toBe(String(app.port));
  });

  it('serves /health and the staff API over https, with the same app as the plain port', async () => {
    const station = await registeredStation(app, 1);
    const health = await httpsGet(`${app.tlsUrl}/health`, { ca: pki.ca });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    const stations = await httpsGet(`${app.tlsUrl}/api/stations/${station.id}`, { ca: pki.ca, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(stations.status).toBe(200);
    expect(JSON.parse(stations.body)).toMatchObject({ chargeBoxId: station.chargeBoxId, securityProfile: 1 });
    expect((await httpsGet(`${app.tlsUrl}/api/stations`, { ca: pki.ca })).status).toBe(401);
    // A client that does not trust our CA gets no answer at all: the server really presents its certificate.
    await expect(httpsGet(`${app.tlsUrl}/health`)).rejects.toThrow(/certificate/i);
  });
});

describeTls('security profile 1: Basic auth, plain ws or TLS', () => {
  it('accepts the charger with its password over plain ws, and over wss (TLS is never weaker)', async () => {
    const station = await registeredStation(app, 1);
    const plain = await bootedCharger(app, station.chargeBoxId, { password: station.password });
    expect(await plain.call('Heartbeat', {})).toHaveProperty('currentTime');
    await plain.close();
    const secure = await bootedCharger(app, station.chargeBoxId, { url: wss(), password: station.password, tls: { ca: pki.ca } });
    expect(await secure.call('Heartbeat', {})).toHaveProperty('currentTime');
    await waitFor(async () => (await connections(station.id)).length === 2);
  });

  it('still refuses a wrong password over wss with 401', async () => {
    const station = await registeredStation(app, 1);
    const answer = await upgradeAnswer(`${wss()}/${station.chargeBoxId}`, { ca: pki.ca, headers: basicAuth(station.chargeBoxId, 'not-it') });
    expect(answer).toEqual({ status: 401, body: 'Bad credentials' });
    expect(await connections(station.id)).toEqual([]);
  });
});

describeTls('security profile 2: Basic auth over TLS only', () => {
  it('refuses the charger over plain ws with 403 at the handshake, even with the right password, and writes nothing', async () => {
    const station = await registeredStation(app, 2);
    const url = `${app.ocppUrl}/${station.chargeBoxId}`;
    expect(await upgradeAnswer(url, { headers: basicAuth(station.chargeBoxId, station.password) }))
      .toEqual({ status: 403, body: 'Security profile 2 requires TLS (wss)' });
    await expect(connectedCharger(app, station.chargeBoxId, { password: station.password }))
      .rejects.toMatchObject({ name: 'HandshakeRefusedError', statusCode: 403 });
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
    expect(await connections(station.id)).toEqual([]);
    expect(refusalsOf(station.chargeBoxId)).toEqual([
      [403, 'Security profile 2 requires TLS (wss)'], [403, 'Security profile 2 requires TLS (wss)']]);
    // The password the charger sent in the clear never reaches the log.
    expect(JSON.stringify(app.logs)).not.toContain(station.password);
  });

  it('accepts the charger over wss with its password, records the connection, and runs its messages', async () => {
    const station = await registeredStation(app, 2);
    const cp = await bootedCharger(app, station.chargeBoxId, { url: wss(), password: station.password, tls: { ca: pki.ca } });
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
    const [conn] = await waitFor(async () => { const l = await connections(station.id); return l.length > 0 ? l : undefined; });
    expect(conn).toMatchObject({ stationId: station.id, disconnectedAt: null });
    const detail = await api(app).get(`/stations/${station.id}`);
    expect(detail.body).toMatchObject({ online: true, securityProfile: 2 });
  });

  it('refuses a wrong or a missing password over wss with 401', async () => {
    const station = await registeredStation(app, 2);
    const url = `${wss()}/${station.chargeBoxId}`;
    expect(await upgradeAnswer(url, { ca: pki.ca, headers: basicAuth(station.chargeBoxId, `${station.password}x`) }))
      .toEqual({ status: 401, body: 'Bad credentials' });
    expect((await upgradeAnswer(url, { ca: pki.ca })).status).toBe(401);
    await expect(connectedCharger(app, station.chargeBoxId, { url: wss(), password: 'wrong', tls: { ca: pki.ca } }))
      .rejects.toMatchObject({ statusCode: 401 });
    expect(await connections(station.id)).toEqual([]);
  });

  it('takes effect at the next handshake when an operator raises a station from profile 1 to 2', async () => {
    const station = await registeredStation(app, 1);
    const cp = await bootedCharger(app, station.chargeBoxId, { password: station.password });
    expect((await api(app).patch(`/stations/${station.id}`, { securityProfile: 2 })).status).toBe(200);
    await cp.close();
    await expect(connectedCharger(app, station.chargeBoxId, { password: station.password })).rejects.toMatchObject({ statusCode: 403 });
    const secure = await bootedCharger(app, station.chargeBoxId, { url: wss(), password: station.password, tls: { ca: pki.ca } });
    expect(await secure.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});
