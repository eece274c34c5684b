// SignCertificate and CertificateSigned (security whitepaper edition 3, A02; OCA TC_074, TC_077), with the
// simulator as the charger: the CSR is checked (CN = chargeBoxId, O = CPO_NAME, key strength), each request is
// recorded with the verdict (GET /stations/{id}/certificates), an accepted one is signed by the charge-point CA
// and sent with CertificateSigned after the reply, recorded in the command log; the charger then connects at
// security profile 3 with that certificate.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket, basicAuth, bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';
import { registeredStation } from '../../helpers/tls-app.js';
import { upgradeAnswer } from '../../helpers/tls-clients.js';
import { waitFor } from '../../helpers/wait-for.js';
import { CPO_NAME, csrOf, opensslVerifies, startChargePointCaApp, type CaTestApp } from '../../helpers/charge-point-ca.js';
import { NO_OPENSSL, describeUnless } from '../../helpers/machine.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let ca: CaTestApp;
let app: TestApp;
let noCa: TestApp;
const describeCa = describeUnless(NO_OPENSSL); // the PKI comes from the openssl CLI
beforeAll(async () => {
  noCa = await startTestApp();
  if (NO_OPENSSL) return;
  ca = await startChargePointCaApp();
  app = ca.app;
});
afterEach(closeChargers);
afterAll(async () => {
  await ca?.stop();
  await noCa.stop();
});

interface Signing { status: string; reason: string | null; serialNumber: string | null; notAfter: string | null; delivery: string | null }
interface Command { action: string; requestedBy: string; outcome: string; payload: Record<string, unknown>; response: Record<string, unknown> | null }
const signingsOf = async (a: TestApp, id: number) => (await api(a).get(`/stations/${id}/certificates`)).body as Signing[];
const commandsOf = async (a: TestApp, id: number, action: string) =>
  ((await api(a).get(`/stations/${id}/commands`)).body as Command[]).filter((c) => c.action === action);
const command = (a: TestApp, id: number, action: string, body: unknown) => api(a).post(`/stations/${id}/commands/${action}`, body);

/** A profile-2 charger on the TLS port, raised to 3 when it has a certificate: reconnects by itself. */
async function secureCharger(profile: 2 | 3 = 2) {
  const station = await registeredStation(app, profile);
  const cp = await connectedCharger(app, station.chargeBoxId, {
    url: app.wssUrl!, password: station.password, tls: { ca: ca.pki.ca }, secureUrl: app.wssUrl!, reconnect: true,
  });
  let boots = 0;
  cp.on('boot', () => { boots += 1; });
  await cp.boot();
  return { station, cp, boots: () => boots };
}

async function expectRejected(a: TestApp, cp: ChargePoint, stationId: number, csr: string, reason: RegExp): Promise<void> {
  expect(await cp.call('SignCertificate', { csr })).toEqual({ status: 'Rejected' });
  const [signing] = await signingsOf(a, stationId);
  expect(signing).toMatchObject({ status: 'Rejected', serialNumber: null, notAfter: null, delivery: null });
  expect(signing!.reason).toMatch(reason);
  expect(await commandsOf(a, stationId, 'CertificateSigned')).toEqual([]); // nothing signed, nothing sent
}

describeCa('SignCertificate refused', () => {
  it('rejects a CSR whose CN is not the chargeBoxId, and signs nothing', async () => {
    const { station, cp } = await secureCharger();
    const csr = await csrOf(ca.pki, `/CN=${station.chargeBoxId}-other/O=${CPO_NAME}`);
    await expectRejected(app, cp, station.id, csr, new RegExp(`CN "${station.chargeBoxId}-other" is not the chargeBoxId`));
  });

  it('rejects a CSR whose O is not CPO_NAME', async () => {
    const { station, cp } = await secureCharger();
    await expectRejected(app, cp, station.id, await csrOf(ca.pki, `/CN=${station.chargeBoxId}/O=Somebody Else`), /O "Somebody Else" is not CPO_NAME/);
  });

  it('rejects a weak key (RSA 1024 bits): the whitepaper asks 2048', async () => {
    const { station, cp } = await secureCharger();
    await expectRejected(app, cp, station.id, await csrOf(ca.pki, `/CN=${station.chargeBoxId}/O=${CPO_NAME}`, 'rsa:1024'), /rsa key of 1024 bits is too weak/);
  });

  it('rejects text that is not a CSR', async () => {
    const { station, cp } = await secureCharger();
    await expectRejected(app, cp, station.id, '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS\n-----END CERTIFICATE REQUEST-----', /not a PEM PKCS#10/);
  });

  it('rejects a certificate where a CSR belongs', async () => {
    const { station, cp } = await secureCharger();
    await expectRejected(app, cp, station.id, ca.pki.ca.toString(), /not a PEM PKCS#10/);
  });

  it('answers a schema violation with a CALLERROR and stores nothing', async () => {
    const { station, cp } = await secureCharger();
    const answer = cp.onNextRawMessage();
    cp.sendRaw(JSON.stringify([2, 'bad-csr-1', 'SignCertificate', { csr: 42 }]));
    expect((JSON.parse(await answer) as unknown[]).slice(0, 3)).toEqual([4, 'bad-csr-1', 'TypeConstraintViolation']);
    const missing = cp.onNextRawMessage();
    cp.sendRaw(JSON.stringify([2, 'bad-csr-2', 'SignCertificate', {}]));
    expect((JSON.parse(await missing) as unknown[]).slice(0, 3)).toEqual([4, 'bad-csr-2', 'OccurrenceConstraintViolation']);
    expect(await signingsOf(app, station.id)).toEqual([]);
  });
});

it('rejects every SignCertificate when no charge-point CA is configured, saying so', async () => {
  const station = await registeredStation(noCa, 1);
  const cp = await bootedCharger(noCa, station.chargeBoxId, { password: station.password });
  const csr = '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGNoZWNrZWQ=\n-----END CERTIFICATE REQUEST-----';
  await expectRejected(noCa, cp, station.id, csr, /no charge-point CA is configured/);
});

describeCa('SignCertificate accepted (OCA TC_074)', () => {
  it('signs the simulator\'s CSR, delivers it after the reply, and the charger then connects at profile 3 with it', async () => {
    const { station, cp, boots } = await secureCharger();
    expect((await command(app, station.id, 'ChangeConfiguration', { key: 'CpoName', value: CPO_NAME })).body)
      .toMatchObject({ response: { status: 'Accepted' } });
    const trigger = await command(app, station.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    expect(trigger.body).toMatchObject({ outcome: 'answered', response: { status: 'Accepted' } });

    const [signing] = await waitFor(async () => { const s = await signingsOf(app, station.id); return s[0]?.delivery ? s : null; });
    expect(signing).toMatchObject({ status: 'Accepted', reason: null, delivery: 'Accepted' });
    expect(signing!.serialNumber).toMatch(/^[0-9a-f]{32}$/);
    const daysValid = (Date.parse(signing!.notAfter!) - Date.now()) / 86_400_000;
    expect(daysValid).toBeGreaterThan(29); // capped by the test CA's 30 days (never past the CA)
    expect(daysValid).toBeLessThanOrEqual(30);

    const [sent] = await commandsOf(app, station.id, 'CertificateSigned');
    expect(sent).toMatchObject({ requestedBy: 'system:certificates', outcome: 'answered', response: { status: 'Accepted' } });
    const chain = String(sent!.payload.certificateChain);
    expect(await opensslVerifies(ca.pki, ca.caCertFile, chain)).toMatch(/: OK$/); // a client certificate our CA signed

    const raised = await command(app, station.id, 'ChangeConfiguration', { key: 'SecurityProfile', value: '3' });
    expect(raised.body).toMatchObject({ response: { status: 'Accepted' } });
    await waitFor(() => boots() === 2 && cp.isOnline);
    expect(cp.securityProfile).toBe(3);
    expect((await api(app).get(`/stations/${station.id}`)).body).toMatchObject({ securityProfile: 3, online: true });
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');

    // The password alone no longer does: over TLS without the certificate, and over plain ws.
    const wss = `${app.wssUrl}/${station.chargeBoxId}`;
    expect(await upgradeAnswer(wss, { ca: ca.pki.ca, headers: basicAuth(station.chargeBoxId, station.password) }))
      .toEqual({ status: 401, body: 'Client certificate required (security profile 3)' });
    expect((await upgradeAnswer(`${app.ocppUrl}/${station.chargeBoxId}`, { headers: basicAuth(station.chargeBoxId, station.password) })).status)
      .toBe(403);
  });

  it('takes the NEW CERTIFICATE REQUEST label older OpenSSL writes', async () => {
    const { station, cp } = await secureCharger();
    const csr = (await csrOf(ca.pki, `/CN=${station.chargeBoxId}/O=${CPO_NAME}`)).replaceAll('CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST');
    expect(await cp.call('SignCertificate', { csr })).toEqual({ status: 'Accepted' });
    expect((await signingsOf(app, station.id))[0]!.serialNumber).toMatch(/^[0-9a-f]{32}$/);
  });

  it('at profile 3 a renewed certificate makes the charger reconnect with it (TC_074 step 7)', async () => {
    const { station, cp, boots } = await secureCharger();
    await command(app, station.id, 'ChangeConfiguration', { key: 'CpoName', value: CPO_NAME });
    await command(app, station.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    await waitFor(async () => (await signingsOf(app, station.id))[0]?.delivery === 'Accepted');
    await command(app, station.id, 'ChangeConfiguration', { key: 'SecurityProfile', value: '3' });
    await waitFor(() => boots() === 2 && cp.isOnline);

    await command(app, station.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    await waitFor(async () => { const s = await signingsOf(app, station.id); return s.length === 2 && s[0]!.delivery === 'Accepted'; });
    await waitFor(() => boots() === 3 && cp.isOnline);
    const [renewed, first] = await signingsOf(app, station.id);
    expect(renewed!.serialNumber).not.toBe(first!.serialNumber);
  });
});

describeCa('CertificateSigned after the reply', () => {
  it('sends the SignCertificate answer first and CertificateSigned after it, on the wire', async () => {
    const station = await registeredStation(app, 1);
    const raw = await RawSocket.open(app, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, station.password) });
    const boot = await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Wire' });
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    const csr = await csrOf(ca.pki, `/CN=${station.chargeBoxId}/O=${CPO_NAME}`);
    // RawSocket keeps every frame in arrival order: the first after our CALL must be its answer.
    expect(await raw.call('SignCertificate', { csr }, 'sign-1')).toEqual([3, 'sign-1', { status: 'Accepted' }]);
    const [type, id, action, payload] = await raw.next();
    expect([type, action]).toEqual([2, 'CertificateSigned']);
    expect(String((payload as { certificateChain: string }).certificateChain)).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(await signingsOf(app, station.id)).toMatchObject([{ status: 'Accepted', delivery: null }]); // still waiting
    raw.send(JSON.stringify([3, id, { status: 'Accepted' }]));
    await waitFor(async () => (await signingsOf(app, station.id))[0]?.delivery === 'Accepted');
  });
});

const securityEventsOf = async (id: number) =>
  ((await api(app).get(`/stations/${id}/security-events`)).body as Array<{ type: string }>).map((e) => e.type);

describeCa('CertificateSigned refused by the charger (OCA TC_077)', () => {
  it('records the charger\'s Rejected as the delivery, in the command log too, and its security event arrives', async () => {
    const { station, cp } = await secureCharger();
    // A valid CSR the simulator did not make: the chain that comes back does not carry its own key.
    expect(await cp.call('SignCertificate', { csr: await csrOf(ca.pki, `/CN=${station.chargeBoxId}/O=${CPO_NAME}`) }))
      .toEqual({ status: 'Accepted' });
    const [signing] = await waitFor(async () => { const s = await signingsOf(app, station.id); return s[0]?.delivery ? s : null; });
    expect(signing).toMatchObject({ status: 'Accepted', delivery: 'Rejected' });
    expect(await commandsOf(app, station.id, 'CertificateSigned'))
      .toMatchObject([{ requestedBy: 'system:certificates', outcome: 'answered', response: { status: 'Rejected' } }]);
    await waitFor(async () => (await securityEventsOf(station.id)).includes('InvalidChargePointCertificate'));
  });
});

describeCa('GET /stations/{id}/certificates', () => {
  it('answers 404 naming stationId for an unknown station and 400 for a non-integer id; a viewer may read', async () => {
    const missing = await api(app).get('/stations/99999999/certificates');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('stationId');
    expect((await api(app).get('/stations/abc/certificates')).status).toBe(400);
    const doc = (await api(app).get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty(['/api/stations/{stationId}/certificates']);
  });
});
