// Remote commands through the staff API, with the simulator as the charger over a real socket: each of the 19
// gets the charger's real answer, the state it changes is checked, and offline, no answer, a CALLERROR and a
// charger that drops the line to reset are each reported as what they are, and logged.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ACTIONS, type CommandAction } from '../../../src/domain/commands.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { RawSocket, bootedCharger, closeChargers } from '../../helpers/charger.js';
import { anIdTag, randomChargeBoxId, randomIdTag } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ChargePointOptions } from '../../../simulators/charge-point.js';

const CALL_TIMEOUT_MS = 5_000;
const UNKNOWN = 2_000_000_000;

let app: TestApp;
let operator: string;
let operatorName: string;
let viewer: string;
beforeAll(async () => {
  app = await startTestApp({ callTimeoutMs: CALL_TIMEOUT_MS });
  operator = await aToken(app, 'operator');
  operatorName = (await api(app, operator).get('/me')).body.name;
  viewer = await aToken(app, 'viewer');
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

async function aStation(on: TestApp = app): Promise<{ stationId: number; chargeBoxId: string }> {
  const res = await api(on).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  expect(res.status).toBe(201);
  return { stationId: res.body.id, chargeBoxId: res.body.chargeBoxId };
}

async function aCharger(o: Partial<ChargePointOptions> = {}) {
  const station = await aStation();
  const cp = await bootedCharger(app, station.chargeBoxId, o);
  return { ...station, cp };
}

const send = (stationId: number, action: CommandAction, body: unknown, token: string | null = operator) =>
  api(app, token).post(`/stations/${stationId}/commands/${action}`, body);
const detail = async (stationId: number) => (await api(app).get(`/stations/${stationId}`)).body;
const connector = async (stationId: number, id: number) =>
  (await detail(stationId)).connectors.find((c: { connectorId: number }) => c.connectorId === id);
const log = async (stationId: number) => (await api(app, viewer).get(`/stations/${stationId}/commands`)).body;
const answered = (response: unknown) => ({ status: 200, body: { outcome: 'answered', response } });
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

const PROFILE = {
  chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3700.5 }] },
};

/** A valid body for each command, for the checks every route must pass. */
// PEM in form (the route checks the form; what it holds is the charger's to judge).
const A_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
const VALID: Record<CommandAction, Record<string, unknown>> = {
  RemoteStartTransaction: { idTag: 'TAG1' }, RemoteStopTransaction: { transactionId: 1 }, Reset: { type: 'Soft' },
  UnlockConnector: { connectorId: 1 }, ChangeAvailability: { connectorId: 1, type: 'Operative' },
  TriggerMessage: { requestedMessage: 'Heartbeat' }, GetConfiguration: {}, ChangeConfiguration: { key: 'HeartbeatInterval', value: '300' },
  ClearCache: {}, DataTransfer: { vendorId: 'com.example' }, GetDiagnostics: { location: 'ftp://diag.example.com/' },
  UpdateFirmware: { location: 'https://fw.example.com/fw.bin', retrieveDate: '2030-01-01T00:00:00Z' },
  GetLocalListVersion: {}, SendLocalList: { listVersion: 1, updateType: 'Full' },
  SetChargingProfile: { connectorId: 1, csChargingProfiles: PROFILE }, ClearChargingProfile: {},
  GetCompositeSchedule: { connectorId: 1, duration: 60 },
  ReserveNow: { connectorId: 1, expiryDate: '2030-01-01T00:00:00Z', idTag: 'TAG1', reservationId: 1 },
  CancelReservation: { reservationId: 1 },
  ExtendedTriggerMessage: { requestedMessage: 'Heartbeat' }, CertificateSigned: { certificateChain: A_PEM },
  InstallCertificate: { certificateType: 'CentralSystemRootCertificate', certificate: A_PEM },
  GetInstalledCertificateIds: { certificateType: 'CentralSystemRootCertificate' },
  DeleteCertificate: { certificateHashData: { hashAlgorithm: 'SHA256', issuerNameHash: 'a', issuerKeyHash: 'b', serialNumber: '1' } },
  GetLog: { logType: 'SecurityLog', requestId: 1, log: { remoteLocation: 'ftp://logs.example.com/' } },
  SignedUpdateFirmware: {
    requestId: 1,
    firmware: { location: 'https://fw.example.com/fw.bin', retrieveDateTime: '2030-01-01T00:00:00Z', signingCertificate: 'PEM', signature: 'c2ln' },
  },
};

describe('every command route', () => {
  it.each(COMMAND_ACTIONS)('%s: 401 without a token, 403 for a viewer, 404 for an unknown station, 400 naming the bad field', async (action) => {
    const { stationId } = await aStation();
    const valid = VALID[action];
    expect(await send(stationId, action, valid, null)).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    expect(await send(stationId, action, valid, viewer)).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await send(UNKNOWN, action, valid)).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'stationId' } } });
    expect(await api(app, operator).post(`/stations/BOOK1762958180110/commands/${action}`, valid))
      .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'stationId', in: 'path' }] } } });
    const unknownField = await send(stationId, action, { ...valid, extra: 1 });
    expect(unknownField).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'extra', in: 'body' }] } } });
    expect(unknownField.body.message).toContain('extra');
    expect(await log(stationId)).toEqual([]); // none of these sent or recorded anything
  });

  it.each([
    ['UnlockConnector', { connectorId: '1' }, 'connectorId'],
    ['RemoteStopTransaction', { transactionId: 'BOOK1762958180110' }, 'transactionId'],
    ['RemoteStopTransaction', { transactionId: 1.5 }, 'transactionId'],
    ['Reset', { type: 'Warm' }, 'type'],
    ['ReserveNow', { connectorId: 1, expiryDate: 'tomorrow', idTag: 'TAG1', reservationId: 1 }, 'expiryDate'],
    ['ReserveNow', { connectorId: 1, expiryDate: '2030-01-01T00:00:00Z', idTag: 'TAG1' }, 'reservationId'],
    ['RemoteStartTransaction', { idTag: 'X'.repeat(21) }, 'idTag'],
    ['RemoteStartTransaction', { idTag: 'TAG1', waitForTransaction: 'yes' }, 'waitForTransaction'],
    ['SetChargingProfile', { connectorId: 1, csChargingProfiles: { ...PROFILE, chargingSchedule: { ...PROFILE.chargingSchedule, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.05 }] } } },
      'csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit'],
    ['SetChargingProfile', { connectorId: 1, csChargingProfiles: { ...PROFILE, colour: 'red' } }, 'csChargingProfiles.colour'],
    ['GetConfiguration', { key: 'HeartbeatInterval' }, 'key'],
    ['InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: 'MIIBszCCAVmgAwIBAgIU' }, 'certificate'],
    ['CertificateSigned', { certificateChain: '/etc/ssl/charger.pem' }, 'certificateChain'],
  ] as const)('%s with %j is a 400 naming %s, and nothing is sent', async (action, body, field) => {
    const { stationId, cp } = await aCharger();
    const seen: string[] = [];
    cp.on('command', (c: { action: string }) => seen.push(c.action));
    const res = await send(stationId, action, body);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field, in: 'body' }] } } });
    expect(res.body.message).toContain(field);
    expect(seen).toEqual([]);
    expect(await log(stationId)).toEqual([]);
  });

  it('a payload only ocpp-rpc\'s strict mode refuses (a non-ASCII URI) is a 400 naming the field, and nothing is sent', async () => {
    const { stationId, cp } = await aCharger();
    const seen: string[] = [];
    cp.on('command', (c: { action: string }) => seen.push(c.action));
    const res = await send(stationId, 'GetDiagnostics', { location: 'https://例え.jp/diag' });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'location', in: 'body' }] } } });
    expect(seen).toEqual([]);
    expect(await log(stationId)).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('shows each command\'s body as its OCPP 1.6 request schema, and the roles', async () => {
    const { paths } = (await api(app, viewer).get('/openapi.json')).body;
    for (const action of COMMAND_ACTIONS) {
      const op = paths[`/api/stations/{stationId}/commands/${action}`]?.post;
      expect(op, action).toMatchObject({ 'x-required-role': 'operator', requestBody: { content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } } });
    }
    const reserve = paths['/api/stations/{stationId}/commands/ReserveNow'].post.requestBody.content['application/json'].schema;
    expect(reserve.required).toEqual(['connectorId', 'expiryDate', 'idTag', 'reservationId']);
    expect(reserve.properties).toMatchObject({ idTag: { type: 'string', maxLength: 20 }, expiryDate: { format: 'date-time' }, reservationId: { type: 'integer' } });
    expect(paths['/api/stations/{stationId}/commands'].get['x-required-role']).toBe('viewer');
    expect(paths['/api/stations'].post['x-required-role']).toBe('admin');
  });
});

describe('transactions', () => {
  it('RemoteStartTransaction with waitForTransaction returns the transactionId; RemoteStopTransaction stops it', async () => {
    const { stationId, cp } = await aCharger();
    const idTag = await anIdTag(app.services);
    const started = await send(stationId, 'RemoteStartTransaction', { idTag, connectorId: 1, waitForTransaction: true });
    expect(started).toMatchObject(answered({ status: 'Accepted' }));
    const { transactionId } = started.body;
    expect(transactionId).toEqual(expect.any(Number));
    // The event comes after commit, a moment before the StartTransaction.conf reaches the charger.
    await waitFor(() => cp.session(1)?.transactionId === transactionId);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stationId, connectorId: 1, idTag, stoppedAt: null });
    await waitFor(async () => (await connector(stationId, 1))?.status === 'Charging');

    expect(await send(stationId, 'RemoteStopTransaction', { transactionId })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await app.services.sessions.get(transactionId)).stoppedAt !== null);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stopReason: 'Remote' });
    expect(cp.session(1)).toBeNull();
    const [stop, start] = await log(stationId);
    expect(start).toMatchObject({ action: 'RemoteStartTransaction', payload: { idTag, connectorId: 1 }, outcome: 'answered' });
    expect(start.payload).not.toHaveProperty('waitForTransaction'); // ours, never sent to the charger
    expect(stop).toMatchObject({ action: 'RemoteStopTransaction', payload: { transactionId }, response: { status: 'Accepted' } });
  });

  it('the charger is the authority: a remote start on a busy connector and a stop of an unknown transaction are Rejected', async () => {
    const { stationId } = await aCharger();
    const idTag = await anIdTag(app.services);
    await send(stationId, 'RemoteStartTransaction', { idTag, connectorId: 1, waitForTransaction: true });
    const busy = await send(stationId, 'RemoteStartTransaction', { idTag: randomIdTag(), connectorId: 1, waitForTransaction: true });
    expect(busy).toMatchObject(answered({ status: 'Rejected' }));
    expect(busy.body).not.toHaveProperty('transactionId');
    expect(await send(stationId, 'RemoteStopTransaction', { transactionId: 999_999 })).toMatchObject(answered({ status: 'Rejected' }));
  });

  it('ReserveNow makes the connector Reserved; CancelReservation frees it, and an unknown reservation is Rejected', async () => {
    const { stationId, cp } = await aCharger();
    const reservationId = Math.floor(Math.random() * 1_000_000);
    const reserved = await send(stationId, 'ReserveNow', { connectorId: 1, expiryDate: inMinutes(10), idTag: randomIdTag(), reservationId });
    expect(reserved).toMatchObject(answered({ status: 'Accepted' }));
    expect(cp.connectorStatus(1)).toBe('Reserved');
    await waitFor(async () => (await connector(stationId, 1))?.status === 'Reserved');

    expect(await send(stationId, 'CancelReservation', { reservationId: reservationId + 1 })).toMatchObject(answered({ status: 'Rejected' }));
    expect(await send(stationId, 'CancelReservation', { reservationId })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await connector(stationId, 1))?.status === 'Available');
  });
});

describe('the charger itself', () => {
  it('Reset Soft is Accepted, and the charger goes down and comes back with a new boot', async () => {
    const { stationId, cp } = await aCharger();
    const booted = new Promise((resolve) => cp.once('boot', resolve));
    expect(await send(stationId, 'Reset', { type: 'Soft' })).toMatchObject(answered({ status: 'Accepted' }));
    await booted;
    await waitFor(async () => (await detail(stationId)).connections.length === 2 && (await detail(stationId)).online);
  });

  it('a Hard Reset that drops the connection instead of answering is went-down, reported well before the timeout', async () => {
    const { stationId, cp } = await aCharger({ answerHardReset: false });
    const t0 = Date.now();
    const res = await send(stationId, 'Reset', { type: 'Hard' });
    const elapsedMs = Date.now() - t0;
    expect(res).toMatchObject({ status: 200, body: { action: 'Reset', outcome: 'went-down', reason: expect.stringContaining('reset') } });
    expect(res.body).not.toHaveProperty('response');
    expect(elapsedMs, 'answered before the call timeout, not after it').toBeLessThan(CALL_TIMEOUT_MS);
    expect((await log(stationId))[0]).toMatchObject({ action: 'Reset', outcome: 'went-down', error: expect.stringContaining('reset'), finishedAt: expect.any(String) });
    await waitFor(() => cp.isOnline); // the reboot and the new BootNotification that follow are normal
  });

  it('UnlockConnector: connector 99 goes to the charger and its NotSupported is the answer; connector 1 is Unlocked', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'UnlockConnector', { connectorId: 99 })).toMatchObject(answered({ status: 'NotSupported' }));
    expect(await send(stationId, 'UnlockConnector', { connectorId: 1 })).toMatchObject(answered({ status: 'Unlocked' }));
  });

  it('ChangeAvailability makes a connector Unavailable and Available again', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await connector(stationId, 2))?.status === 'Unavailable');
    expect(await send(stationId, 'ChangeAvailability', { connectorId: 2, type: 'Operative' })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(async () => (await connector(stationId, 2))?.status === 'Available');
  });

  it('TriggerMessage StatusNotification makes a status arrive', async () => {
    const { stationId } = await aCharger();
    const before = await waitFor(() => connector(stationId, 1));
    const statuses: number[] = [];
    app.events.on('connector.status', (e) => { if (e.stationId === stationId) statuses.push(e.connectorId); });
    expect(await send(stationId, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).toMatchObject(answered({ status: 'Accepted' }));
    await waitFor(() => statuses.includes(1));
    expect(Date.parse((await connector(stationId, 1)).statusAt)).toBeGreaterThanOrEqual(Date.parse(before.statusAt));
    expect(await send(stationId, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 9 })).toMatchObject(answered({ status: 'Rejected' }));
  });

  it('ChangeConfiguration then GetConfiguration shows the new value; read-only and unknown keys get the charger\'s refusal', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '123' })).toMatchObject(answered({ status: 'Accepted' }));
    expect(await send(stationId, 'GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] })).toMatchObject(answered({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '123' }], unknownKey: ['NoSuchKey'],
    }));
    expect(await send(stationId, 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '9' })).toMatchObject(answered({ status: 'Rejected' }));
    expect(await send(stationId, 'ChangeConfiguration', { key: 'NoSuchKey', value: '1' })).toMatchObject(answered({ status: 'NotSupported' }));
    const all = await send(stationId, 'GetConfiguration', {});
    expect(all.body.response.configurationKey.length).toBeGreaterThan(10);
  });

  it('ClearCache is Accepted and DataTransfer gets the charger\'s UnknownVendorId', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'ClearCache', {})).toMatchObject(answered({ status: 'Accepted' }));
    expect(await send(stationId, 'DataTransfer', { vendorId: 'com.example', messageId: 'ping', data: '{}' })).toMatchObject(answered({ status: 'UnknownVendorId' }));
  });

  it('GetDiagnostics answers a file name, then the upload is reported; UpdateFirmware runs to Installed', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'GetDiagnostics', { location: 'ftp://diag.example.com/upload' })).toMatchObject(answered({ fileName: expect.stringContaining('diag-') }));
    await waitFor(async () => (await detail(stationId)).diagnosticsStatus === 'Uploaded');
    expect(await send(stationId, 'UpdateFirmware', { location: 'https://fw.example.com/2.0.bin', retrieveDate: new Date().toISOString() })).toMatchObject(answered({}));
    await waitFor(async () => (await detail(stationId)).firmwareStatus === 'Installed');
  });

  it('SendLocalList sets the version GetLocalListVersion reads; an old differential is a VersionMismatch', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'GetLocalListVersion', {})).toMatchObject(answered({ listVersion: 0 }));
    const list = [{ idTag: randomIdTag(), idTagInfo: { status: 'Accepted', expiryDate: inMinutes(60) } }, { idTag: randomIdTag() }];
    expect(await send(stationId, 'SendLocalList', { listVersion: 5, updateType: 'Full', localAuthorizationList: list })).toMatchObject(answered({ status: 'Accepted' }));
    expect(await send(stationId, 'GetLocalListVersion', {})).toMatchObject(answered({ listVersion: 5 }));
    expect(await send(stationId, 'SendLocalList', { listVersion: 4, updateType: 'Differential' })).toMatchObject(answered({ status: 'VersionMismatch' }));
  });

  it('SetChargingProfile limits the composite schedule; ClearChargingProfile removes it, and a second clear is Unknown', async () => {
    const { stationId } = await aCharger();
    expect(await send(stationId, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: PROFILE })).toMatchObject(answered({ status: 'Accepted' }));
    const schedule = await send(stationId, 'GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'W' });
    expect(schedule).toMatchObject(answered({ status: 'Accepted', connectorId: 1, chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3700.5 }] } }));
    expect(await send(stationId, 'ClearChargingProfile', { id: 7 })).toMatchObject(answered({ status: 'Accepted' }));
    expect(await send(stationId, 'ClearChargingProfile', { id: 7 })).toMatchObject(answered({ status: 'Unknown' }));
    const after = await send(stationId, 'GetCompositeSchedule', { connectorId: 1, duration: 600 });
    expect(after.body.response.chargingSchedule.chargingSchedulePeriod[0].limit).toBe(11_000);
  });
});

describe('when the charger cannot answer', () => {
  it('a command to an offline charger is a 503 naming charger and command, and is recorded as offline', async () => {
    const { stationId, chargeBoxId } = await aStation();
    const res = await send(stationId, 'Reset', { type: 'Soft' });
    expect(res).toMatchObject({ status: 503, body: { error: 'StationOffline', details: { stationId, chargeBoxId, action: 'Reset', commandId: expect.any(Number) } } });
    expect(res.body.message).toContain(chargeBoxId);
    expect(res.body.message).toContain('Reset');
    expect(await log(stationId)).toMatchObject([{ id: res.body.details.commandId, action: 'Reset', outcome: 'offline', requestedBy: operatorName, finishedAt: expect.any(String) }]);
  });

  it('a CALLERROR from the charger is forwarded as call-error with its code and description', async () => {
    const { stationId, chargeBoxId } = await aStation();
    const raw = await RawSocket.open(app, chargeBoxId);
    await waitFor(async () => (await detail(stationId)).online);
    const pending = send(stationId, 'UnlockConnector', { connectorId: 1 });
    const [type, messageId, action, payload] = await raw.next();
    expect([type, action, payload]).toEqual([2, 'UnlockConnector', { connectorId: 1 }]);
    raw.send(JSON.stringify([4, messageId, 'NotSupported', 'no motorised lock', {}]));
    const res = await pending;
    expect(res).toMatchObject({ status: 200, body: { outcome: 'call-error', callError: { errorCode: 'NotSupported', errorDescription: 'no motorised lock' } } });
    expect((await log(stationId))[0]).toMatchObject({ outcome: 'call-error', response: { errorCode: 'NotSupported' }, error: expect.stringContaining('NotSupported') });
  });

  describe('with a 1 s call timeout', () => {
    let quick: TestApp;
    beforeAll(async () => { quick = await startTestApp({ callTimeoutMs: 1_000 }); });
    afterAll(() => quick.stop());

    it('a charger that never answers is a 504 naming charger and command after the timeout, recorded as timeout', async () => {
      const { stationId, chargeBoxId } = await aStation(quick);
      const raw = await RawSocket.open(quick, chargeBoxId);
      const t0 = Date.now();
      const res = await api(quick).post(`/stations/${stationId}/commands/ChangeConfiguration`, { key: 'HeartbeatInterval', value: '60' });
      const elapsedMs = Date.now() - t0;
      expect(res).toMatchObject({ status: 504, body: { error: 'StationTimeout', details: { stationId, chargeBoxId, action: 'ChangeConfiguration' } } });
      expect(res.body.message).toContain(chargeBoxId);
      expect(res.body.message).toContain('ChangeConfiguration');
      expect(elapsedMs).toBeGreaterThanOrEqual(950);
      // Not held past the timeout (a retry, or ws's 30 s close timeout); the margin is for a loaded machine.
      expect(elapsedMs).toBeLessThan(10_000);
      expect((await raw.next())[2]).toBe('ChangeConfiguration'); // it was sent, just never answered
      const [entry] = await api(quick).get(`/stations/${stationId}/commands`).then((r) => r.body);
      expect(entry).toMatchObject({
        action: 'ChangeConfiguration', outcome: 'timeout', requestedBy: 'bootstrap-admin', response: null,
        error: expect.stringContaining('did not answer'), finishedAt: expect.any(String),
      });
    });
  });
});

describe('the command log', () => {
  it('lists who did what, newest first, with the answer; every command emits command.result', async () => {
    const { stationId } = await aCharger();
    const results: Array<{ action: string; outcome: string; requestedBy: string }> = [];
    app.events.on('command.result', (e) => { if (e.stationId === stationId) results.push(e); });
    const other = await aToken(app, 'operator');
    const otherName = (await api(app, other).get('/me')).body.name;

    await send(stationId, 'ClearCache', {});
    await send(stationId, 'GetLocalListVersion', {}, other);
    await send(stationId, 'UnlockConnector', { connectorId: 99 });

    const res = await api(app, viewer).get(`/stations/${stationId}/commands`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject([
      { action: 'UnlockConnector', requestedBy: operatorName, payload: { connectorId: 99 }, outcome: 'answered', response: { status: 'NotSupported' }, error: null },
      { action: 'GetLocalListVersion', requestedBy: otherName, outcome: 'answered', response: { listVersion: 0 } },
      { action: 'ClearCache', requestedBy: operatorName, payload: {}, response: { status: 'Accepted' } },
    ]);
    for (const entry of res.body) expect(Date.parse(entry.finishedAt)).toBeGreaterThanOrEqual(Date.parse(entry.requestedAt));
    expect((await api(app, viewer).get(`/stations/${stationId}/commands?limit=1&offset=1`)).body).toMatchObject([{ action: 'GetLocalListVersion' }]);
    expect(results.map((r) => [r.action, r.outcome, r.requestedBy])).toEqual([
      ['ClearCache', 'answered', operatorName], ['GetLocalListVersion', 'answered', otherName], ['UnlockConnector', 'answered', operatorName],
    ]);
  });

  it('needs a token and a station that exists; bad paging is a 400 naming the field', async () => {
    const { stationId } = await aStation();
    expect((await api(app, null).get(`/stations/${stationId}/commands`)).status).toBe(401);
    expect((await api(app, viewer).get(`/stations/${UNKNOWN}/commands`)).status).toBe(404);
    expect(await api(app, viewer).get('/stations/BOOK1762958180110/commands')).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'stationId' }] } } });
    expect(await api(app, viewer).get(`/stations/${stationId}/commands?limit=many`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'limit' }] } } });
  });
});
