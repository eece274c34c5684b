// ChangeConfiguration of the security whitepaper's keys through the command route
// (POST /api/stations/{id}/commands/ChangeConfiguration), with the simulator as the charger:
// AuthorizationKey takes the rotation's path (station-password.test.ts; OCA TC_073) and SecurityProfile raises
// the station's profile once the charger accepts (issue 16 item 4; OCA TC_083), never lowers it.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket, basicAuth, bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { TestPki } from '../../helpers/certificates.js';
import { registeredStation, startTlsTestApp, type TlsTestApp } from '../../helpers/tls-app.js';
import { upgradeAnswer } from '../../helpers/tls-clients.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';

let plain: TestApp; // no TLS listener, no TLS_CA_FILE
let tls: TlsTestApp | undefined;
let pki: TestPki;
const describeTls = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
beforeAll(async () => {
  plain = await startTestApp();
  if (NO_OPENSSL) return;
  tls = await startTlsTestApp();
  pki = tls.pki;
});
afterEach(() => closeChargers());
afterAll(async () => {
  await tls?.stop();
  await plain.stop();
});

const aKey = (): string => randomBytes(20).toString('hex');
const changeConfiguration = (app: TestApp, stationId: number, key: string, value: string) =>
  api(app).post(`/stations/${stationId}/commands/ChangeConfiguration`, { key, value });
const detail = async (app: TestApp, id: number) => (await api(app).get(`/stations/${id}`)).body;
const commandsOf = async (app: TestApp, id: number) => (await api(app).get(`/stations/${id}/commands`)).body as unknown[];

async function aStationWithPassword(app: TestApp) {
  const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; chargeBoxId: string; password: string };
}

describe('ChangeConfiguration AuthorizationKey through the command route', () => {
  it('takes the rotation\'s path: stored once Accepted, the old key valid until the first connection with the new one, *** in the log', async () => {
    const station = await aStationWithPassword(plain);
    const cp = await bootedCharger(plain, station.chargeBoxId, { password: station.password });
    const key = aKey();

    const res = await changeConfiguration(plain, station.id, 'AuthorizationKey', key);
    expect(res).toMatchObject({ status: 200, body: { action: 'ChangeConfiguration', outcome: 'answered', response: { status: 'Accepted' } } });
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect((await commandsOf(plain, station.id))[0]).toMatchObject({ payload: { key: 'AuthorizationKey', value: '***' } });

    await waitFor(() => !cp.isOnline);
    const auth = (password: string) => RawSocket.refusal(plain, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, password) });
    expect(await auth(station.password)).toBe(101);
    await cp.comeBack();
    expect(await auth(station.password)).toBe(401);
    expect(await auth(key)).toBe(101);
  });

  it('refuses a value that is no AuthorizationKey with a 400 naming value, before anything is sent', async () => {
    const station = await aStationWithPassword(plain);
    await bootedCharger(plain, station.chargeBoxId, { password: station.password });
    const res = await changeConfiguration(plain, station.id, 'authorizationkey', 'not-hex-and-short');
    expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'value' }] } } });
    expect(JSON.stringify(plain.logs)).not.toContain('not-hex-and-short');
    expect(await commandsOf(plain, station.id)).toEqual([]);
  });

  it('to an offline charger: 503 saying the key is pending, and the current key stays the only valid one', async () => {
    const station = await aStationWithPassword(plain);
    const key = aKey();
    const res = await changeConfiguration(plain, station.id, 'AuthorizationKey', key);
    expect(res).toMatchObject({ status: 503, body: { error: 'StationOffline', details: { pending: true } } });
    expect(res.body.message).toContain('pending');
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(await detail(plain, station.id)).toMatchObject({ passwordPending: true });
    expect(await RawSocket.refusal(plain, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, key) })).toBe(401);
  });
});

describe('ChangeConfiguration SecurityProfile', () => {
  it('refuses a lower profile with a 400 naming value, before anything is sent', async () => {
    const station = await aStationWithPassword(plain);
    expect((await api(plain).patch(`/stations/${station.id}`, { securityProfile: 2 })).status).toBe(200);
    const res = await changeConfiguration(plain, station.id, 'SecurityProfile', '1');
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'value' }] } } });
    expect(res.body.message).toContain('never lowers');
    expect(await commandsOf(plain, station.id)).toEqual([]);
    expect(await detail(plain, station.id)).toMatchObject({ securityProfile: 2 });
  });

  it('refuses profile 3 with a 409 when neither TLS_CA_FILE nor CP_CA_CERT_FILE is configured, naming why', async () => {
    const station = await aStationWithPassword(plain);
    await bootedCharger(plain, station.chargeBoxId, { password: station.password });
    const res = await changeConfiguration(plain, station.id, 'SecurityProfile', '3');
    expect(res).toMatchObject({ status: 409, body: { error: 'Conflict' } });
    expect(res.body.message).toContain('TLS_CA_FILE');
    expect(await commandsOf(plain, station.id)).toEqual([]);
    expect(await detail(plain, station.id)).toMatchObject({ securityProfile: 1 });
  });
});

describeTls('ChangeConfiguration SecurityProfile 1 → 2', () => {
  it('raises the station once the charger accepts; it comes back over wss, and plain ws with the password is refused', async () => {
    const app = tls!.app;
    const station = await registeredStation(app, 1);
    const cp = await connectedCharger(app, station.chargeBoxId, {
      password: station.password, tls: { ca: pki.ca }, secureUrl: app.wssUrl!, reconnect: true,
    });
    let booted = 0;
    cp.on('boot', () => { booted += 1; });
    await cp.boot();

    const res = await changeConfiguration(app, station.id, 'SecurityProfile', '2');
    expect(res).toMatchObject({ status: 200, body: { outcome: 'answered', response: { status: 'Accepted' } } });
    expect(await detail(app, station.id)).toMatchObject({ securityProfile: 2 });

    await waitFor(() => booted === 2 && cp.isOnline);
    expect(cp.centralSystemUrl).toBe(app.wssUrl);
    expect(cp.securityProfile).toBe(2);
    const url = `${app.ocppUrl}/${station.chargeBoxId}`;
    expect(await upgradeAnswer(url, { headers: basicAuth(station.chargeBoxId, station.password) }))
      .toEqual({ status: 403, body: 'Security profile 2 requires TLS (wss)' });
  });
});
