// GetLog, SignedUpdateFirmware and ExtendedTriggerMessage (OCPP 1.6 security whitepaper edition 3) through the
// command API, with the simulator as the charger over a real socket: each reaches the charger (ocpp-rpc's strict
// mode checks the CALL on the way out and the answer on the way back), its answer is the API's answer, and the
// notifications that follow land on the station's detail and in the security events.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandAction } from '../../../src/domain/commands.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { RawSocket, bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aFirmwareSigner, type FirmwareSigner } from '../../helpers/firmware-signing.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { Acknowledgement, ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
let operator: string;
let signer: FirmwareSigner;
beforeAll(async () => {
  [app, signer] = await Promise.all([startTestApp(), aFirmwareSigner()]);
  operator = await aToken(app, 'operator');
});
afterEach(closeChargers);
afterAll(() => app.stop());

/** A booted simulator and the requests of every message the central system answered it, in order. */
async function aCharger(): Promise<{ stationId: number; cp: ChargePoint; sent: Acknowledgement[] }> {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  const sent: Acknowledgement[] = [];
  cp.on('acknowledged', (a: Acknowledgement) => sent.push(a));
  return { stationId: station.id, cp, sent };
}

const send = (stationId: number, action: CommandAction, body: unknown) =>
  api(app, operator).post(`/stations/${stationId}/commands/${action}`, body);
const answered = (response: unknown) => ({ status: 200, body: { outcome: 'answered', response } });
const detail = async (stationId: number) => (await api(app).get(`/stations/${stationId}`)).body as Record<string, unknown>;
const securityEvents = async (stationId: number) =>
  (await api(app).get(`/stations/${stationId}/security-events`)).body as Array<Record<string, unknown>>;
const requestsOf = (sent: Acknowledgement[], action: string) => sent.filter((a) => a.action === action).map((a) => a.request);

const LOCATION = 'https://firmware.example.com/charger-2.1.0.bin';
const firmware = (o: Record<string, unknown> = {}) => ({
  location: LOCATION, retrieveDateTime: new Date().toISOString(),
  signingCertificate: signer.certificate, signature: signer.signatureOf(LOCATION), ...o,
});

describe('GetLog', () => {
  it('is accepted with a filename, then the upload is reported Uploading and Uploaded with its requestId (TC_079)', async () => {
    const { stationId, sent } = await aCharger();
    const res = await send(stationId, 'GetLog', { logType: 'SecurityLog', requestId: 17, log: { remoteLocation: 'ftp://logs.example.com/' } });
    expect(res).toMatchObject(answered({ status: 'Accepted', filename: expect.stringMatching(/^security-.+-17\.log$/) }));

    await waitFor(async () => (await detail(stationId)).logStatus === 'Uploaded');
    expect(await detail(stationId)).toMatchObject({ logStatus: 'Uploaded', logRequestId: 17 });
    expect(requestsOf(sent, 'LogStatusNotification')).toEqual([
      { status: 'Uploading', requestId: 17 }, { status: 'Uploaded', requestId: 17 },
    ]);
  });

  it('a second GetLog while one uploads is AcceptedCanceled: the first stops, the second is uploaded', async () => {
    const { stationId, sent } = await aCharger();
    const log = { remoteLocation: 'https://logs.example.com/upload' };
    expect(await send(stationId, 'GetLog', { logType: 'DiagnosticsLog', requestId: 1, log })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(() => requestsOf(sent, 'LogStatusNotification').length === 1); // uploading now, for a second

    const second = await send(stationId, 'GetLog', { logType: 'DiagnosticsLog', requestId: 2, log });
    expect(second).toMatchObject(answered({ status: 'AcceptedCanceled', filename: expect.stringMatching(/^diagnostics-.+-2\.log$/) }));
    await waitFor(async () => (await detail(stationId)).logStatus === 'Uploaded');
    expect(await detail(stationId)).toMatchObject({ logRequestId: 2 });
    expect(requestsOf(sent, 'LogStatusNotification')).toEqual([
      { status: 'Uploading', requestId: 1 }, { status: 'Uploading', requestId: 2 }, { status: 'Uploaded', requestId: 2 },
    ]);
  });
});

describe('SignedUpdateFirmware', () => {
  it('is accepted, reported through to Installed with its requestId, then FirmwareUpdated opens an issue (TC_080)', async () => {
    const { stationId, sent } = await aCharger();
    expect(await send(stationId, 'SignedUpdateFirmware', { requestId: 300, firmware: firmware() })).toMatchObject(answered({ status: 'Accepted' }));

    await waitFor(async () => (await securityEvents(stationId)).length > 0);
    expect(requestsOf(sent, 'SignedFirmwareStatusNotification')).toEqual(
      ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed'].map((status) => ({ status, requestId: 300 })));
    expect(await detail(stationId)).toMatchObject({ signedFirmwareStatus: 'Installed', signedFirmwareRequestId: 300 });
    const [updated] = await securityEvents(stationId);
    expect(updated).toMatchObject({ type: 'FirmwareUpdated', critical: true, issueId: expect.any(Number) });
  });

  it('a signature that does not match is reported InvalidSignature, with the security event, and nothing is installed (TC_081)', async () => {
    const { stationId, sent } = await aCharger();
    const tampered = firmware({ signature: signer.signatureOf('https://firmware.example.com/something-else.bin') });
    expect(await send(stationId, 'SignedUpdateFirmware', { requestId: 301, firmware: tampered })).toMatchObject(answered({ status: 'Accepted' }));

    await waitFor(async () => (await securityEvents(stationId)).length > 0);
    expect(requestsOf(sent, 'SignedFirmwareStatusNotification')).toEqual(
      ['Downloading', 'Downloaded', 'InvalidSignature'].map((status) => ({ status, requestId: 301 })));
    expect(await detail(stationId)).toMatchObject({ signedFirmwareStatus: 'InvalidSignature', signedFirmwareRequestId: 301 });
    expect(await securityEvents(stationId)).toMatchObject([{ type: 'InvalidFirmwareSignature', critical: false, issueId: null }]);
  });

  it('a second one while the first waits for its retrieveDateTime is AcceptedCanceled: only the second is reported', async () => {
    const { stationId, sent } = await aCharger();
    const later = firmware({ retrieveDateTime: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await send(stationId, 'SignedUpdateFirmware', { requestId: 401, firmware: later })).toMatchObject(answered({ status: 'Accepted' }));
    expect(await send(stationId, 'SignedUpdateFirmware', { requestId: 402, firmware: firmware() })).toMatchObject(answered({ status: 'AcceptedCanceled' }));

    await waitFor(async () => (await detail(stationId)).signedFirmwareStatus === 'Installed');
    expect(requestsOf(sent, 'SignedFirmwareStatusNotification').map((r) => (r as { requestId: number }).requestId)).toEqual([402, 402, 402, 402, 402]);
  });

  it('a signingCertificate that is not a certificate is answered InvalidCertificate, and nothing is downloaded', async () => {
    const { stationId, sent } = await aCharger();
    const res = await send(stationId, 'SignedUpdateFirmware', { requestId: 302, firmware: firmware({ signingCertificate: 'not a PEM certificate' }) });
    expect(res).toMatchObject(answered({ status: 'InvalidCertificate' }));
    await waitFor(async () => (await securityEvents(stationId)).length > 0);
    expect(await securityEvents(stationId)).toMatchObject([{ type: 'InvalidFirmwareSigningCertificate', critical: false }]);
    expect(requestsOf(sent, 'SignedFirmwareStatusNotification')).toEqual([]);
    expect(await detail(stationId)).toMatchObject({ signedFirmwareStatus: null });
  });
});

describe('ExtendedTriggerMessage', () => {
  it('LogStatusNotification while no upload runs: Accepted, then Idle without a requestId', async () => {
    const { stationId, sent } = await aCharger();
    expect(await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: 'LogStatusNotification' })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await detail(stationId)).logStatus === 'Idle');
    expect(requestsOf(sent, 'LogStatusNotification')).toEqual([{ status: 'Idle' }]);
  });

  it('LogStatusNotification during an upload reports Uploading with the upload\'s requestId', async () => {
    const { stationId, sent } = await aCharger();
    await send(stationId, 'GetLog', { logType: 'SecurityLog', requestId: 8, log: { remoteLocation: 'ftp://logs.example.com/' } });
    await waitFor(() => requestsOf(sent, 'LogStatusNotification').length === 1);
    expect(await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: 'LogStatusNotification' })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(() => requestsOf(sent, 'LogStatusNotification').length >= 2);
    expect(requestsOf(sent, 'LogStatusNotification')[1]).toEqual({ status: 'Uploading', requestId: 8 });
  });

  it('FirmwareStatusNotification is answered with a SignedFirmwareStatusNotification of the current state', async () => {
    const { stationId, sent } = await aCharger();
    expect(await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: 'FirmwareStatusNotification' }))
      .toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await detail(stationId)).signedFirmwareStatus === 'Idle');
    expect(requestsOf(sent, 'SignedFirmwareStatusNotification')).toEqual([{ status: 'Idle' }]);
    expect(requestsOf(sent, 'FirmwareStatusNotification')).toEqual([]);
  });

  it.each([
    ['Heartbeat', undefined, 'Heartbeat', {}],
    ['StatusNotification', 2, 'StatusNotification', { connectorId: 2 }],
    ['MeterValues', 1, 'MeterValues', { connectorId: 1 }],
    ['BootNotification', undefined, 'BootNotification', { chargePointVendor: expect.any(String) }],
  ] as const)('%s (connector %s) is Accepted and the charger sends it', async (requestedMessage, connectorId, action, request) => {
    const { stationId, sent } = await aCharger();
    const body = { requestedMessage, ...(connectorId !== undefined && { connectorId }) };
    expect(await send(stationId, 'ExtendedTriggerMessage', body)).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(() => requestsOf(sent, action).length > 0);
    expect(requestsOf(sent, action)[0]).toMatchObject(request);
  });

  it('a connector the charger does not have is Rejected, and nothing follows', async () => {
    const { stationId, sent } = await aCharger();
    expect(await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 9 }))
      .toMatchObject(answered({ status: 'Rejected' }));
    // A Heartbeat trigger after it is the fence: had the rejected one sent anything, it would be before it.
    await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: 'Heartbeat' });
    await waitFor(() => requestsOf(sent, 'Heartbeat').length > 0);
    expect(requestsOf(sent, 'StatusNotification')).toEqual([]);
  });
});

describe('on the wire (strict mode both ways)', () => {
  it.each([
    ['GetLog', { logType: 'SecurityLog', requestId: 4, log: { remoteLocation: 'ftp://logs.example.com/', oldestTimestamp: '2026-12-01T00:00:00.000Z' } },
      { status: 'Accepted', filename: 'security.log' }, { status: 'Maybe' }],
    ['SignedUpdateFirmware', { requestId: 5, firmware: { location: LOCATION, retrieveDateTime: '2026-12-03T08:00:00.000Z', signingCertificate: 'PEM', signature: 'c2ln' } },
      { status: 'RevokedCertificate' }, { status: 'Installed' }],
    ['ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' }, { status: 'NotImplemented' }, { status: 'Later' }],
  ] as const)('%s goes out as the body was, the answer is forwarded, and an answer that breaks its schema is a call-error',
    async (action, body, answer, invalid) => {
      const station = await aStation(app.services);
      const raw = await RawSocket.open(app, station.chargeBoxId);
      await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' });

      for (const [reply, expected] of [
        [answer, answered(answer)],
        [invalid, { status: 200, body: { outcome: 'call-error', callError: { errorDescription: expect.stringContaining(`invalid ${action}.conf`) } } }],
      ] as const) {
        const pending = send(station.id, action, body);
        const [type, messageId, sentAction, payload] = await raw.next();
        expect([type, sentAction, payload]).toEqual([2, action, body]);
        raw.send(JSON.stringify([3, messageId, reply]));
        expect(await pending).toMatchObject(expected);
      }
    });
});
