// Refuse at the handshake, never after (../shared/OCPP.md, "Connection"): an unknown charger, a wrong or
// missing password, a wrong path never get a socket; one live connection per chargeBoxId. A subprotocol we do not
// speak gets the handshake completed without one, then a close (OCPP-J 1.6 §3.1.2).
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomChargeBoxId } from '../../helpers/seed.js';
import { basicAuth, bootedCharger, closeChargers, connectedCharger, RawSocket } from '../../helpers/charger.js';
import { waitFor } from '../../helpers/wait-for.js';
import { rawUpgrade } from '../../helpers/raw-upgrade.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

/** The HTTP status of an upgrade to any URL (RawSocket.refusal only knows /ocpp/{id}); 101 when it opens. */
function upgradeStatus(url: string, protocols: string[] = ['ocpp1.6']): Promise<number> {
  const ws = new WebSocket(url, protocols);
  return new Promise((resolve, reject) => {
    ws.once('open', () => { ws.close(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { res.resume(); ws.terminate(); resolve(res.statusCode ?? -1); });
    ws.once('error', reject);
  });
}

describe('handshake: who may connect', () => {
  it('refuses an unknown chargeBoxId with 404 and creates no station for it', async () => {
    const chargeBoxId = randomChargeBoxId();
    await expect(connectedCharger(app, chargeBoxId)).rejects.toMatchObject({ name: 'HandshakeRefusedError', statusCode: 404 });
    expect(await app.services.stations.findByChargeBoxId(chargeBoxId)).toBeNull();
  });

  it('lets a known charger without a password connect, and records the connection', async () => {
    const station = await aStation(app.services);
    const before = Date.now();
    const cp = await connectedCharger(app, station.chargeBoxId);
    expect(cp.isOnline).toBe(true);
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
    // The record is written just after the socket opens (state written after an event: wait for it).
    const [conn, ...older] = await waitFor(async () => {
      const list = await app.services.stations.listConnections(station.id);
      return list.length > 0 ? list : undefined;
    });
    expect(older).toEqual([]);
    expect(conn).toMatchObject({ stationId: station.id, disconnectedAt: null, closeCode: null });
    expect(conn!.remoteAddress).toMatch(/127\.0\.0\.1$/);
    expect(conn!.connectedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
  });

  it('connects a charger that gives its password (security profile 1)', async () => {
    const station = await aStation(app.services, { password: 'right-horse-battery' });
    const cp = await bootedCharger(app, station.chargeBoxId, { password: 'right-horse-battery' });
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
    expect(await app.services.stations.listConnections(station.id)).toHaveLength(1);
  });

  it("refuses a wrong password, or another charger's, with 401 and records no connection", async () => {
    const station = await aStation(app.services, { password: 'right-horse-battery' });
    const other = await aStation(app.services, { password: 'someone-elses-key' });
    await expect(connectedCharger(app, station.chargeBoxId, { password: 'wrong-horse-battery' }))
      .rejects.toMatchObject({ name: 'HandshakeRefusedError', statusCode: 401 });
    await expect(connectedCharger(app, station.chargeBoxId, { password: 'someone-elses-key' }))
      .rejects.toMatchObject({ statusCode: 401 });
    // A prefix of the right password must not pass either (the comparison covers the whole key).
    await expect(connectedCharger(app, station.chargeBoxId, { password: 'right-horse' }))
      .rejects.toMatchObject({ statusCode: 401 });
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
    expect(await app.services.stations.listConnections(other.id)).toEqual([]);
    // Each refusal is logged with its code, and no password reaches the log.
    const refusals = app.logs.filter((l) => l.msg === 'handshake refused' && l.chargeBoxId === station.chargeBoxId);
    expect(refusals.map((l) => l.code)).toEqual([401, 401, 401]);
    expect(JSON.stringify(app.logs)).not.toMatch(/horse|someone-elses-key/);
  });

  it('refuses a charger with a password that sends no credentials with 401', async () => {
    const station = await aStation(app.services, { password: 'right-horse-battery' });
    await expect(connectedCharger(app, station.chargeBoxId)).rejects.toMatchObject({ statusCode: 401 });
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
  });

  it('refuses Basic credentials whose user is not the chargeBoxId of the URL with 401', async () => {
    const station = await aStation(app.services, { password: 'right-horse-battery' });
    const other = await aStation(app.services);
    // The right password under another user name: OCPP's user is always the URL's chargeBoxId.
    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(other.chargeBoxId, 'right-horse-battery') }))
      .toBe(401);
    // The control: the same header with the right user opens.
    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, 'right-horse-battery') }))
      .toBe(101);
    await waitFor(async () => (await app.services.stations.listConnections(station.id))[0]?.disconnectedAt ?? undefined);
    expect(await app.services.stations.listConnections(station.id)).toHaveLength(1);
  });

  it('refuses Basic credentials naming another user even for a charger without a password', async () => {
    const station = await aStation(app.services);
    const other = await aStation(app.services);

    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(other.chargeBoxId, 'anything') })).toBe(401);
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
    // Its own name, with any password, is not a mismatch: the station has none to check.
    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, 'anything') })).toBe(101);
  });

  it('refuses a known chargeBoxId on any path but /ocpp/{chargeBoxId}', async () => {
    const station = await aStation(app.services);
    const base = `ws://127.0.0.1:${app.port}`;
    expect(await upgradeStatus(`${base}/foo/${station.chargeBoxId}`)).toBe(404);
    expect(await upgradeStatus(`${base}/ocpp/x/${station.chargeBoxId}`)).toBe(404);
    expect(await upgradeStatus(`${base}/ocppx/${station.chargeBoxId}`)).toBe(404);
    expect(await upgradeStatus(`${base}/${station.chargeBoxId}`)).toBe(404);
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
    // The control: the same chargeBoxId on the right path opens.
    expect(await upgradeStatus(`${base}/ocpp/${station.chargeBoxId}`)).toBe(101);
  });
});

// OCPP-J 1.6 §3.1.2: "If the Central System does not agree to using one of the subprotocols offered by the client,
// it MUST complete the WebSocket handshake with a response without a Sec-WebSocket-Protocol header and then
// immediately close the WebSocket connection." (OCA TC_001-style connection set-up, the negative side.)
describe('handshake: subprotocol negotiation', () => {
  const closed = { code: 1002, reason: 'Subprotocol ocpp1.6 required' };

  it('completes an upgrade offering only ocpp2.0.1 without a protocol header, closes it with 1002, and records nothing', async () => {
    const station = await aStation(app.services);
    const answer = await rawUpgrade(app.port, `/ocpp/${station.chargeBoxId}`, { protocolHeader: 'ocpp2.0.1' });

    expect(answer.status).toBe(101);
    expect(answer.headers['sec-websocket-accept']).toEqual(expect.any(String));
    expect(answer.headers).not.toHaveProperty('sec-websocket-protocol');
    expect(answer.close).toEqual(closed);
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
    expect(await app.services.stations.view(station.id)).toMatchObject({ online: false, lastSeenAt: null });
    expect(app.logs.filter((l) => l.msg === 'handshake refused' && l.chargeBoxId === station.chargeBoxId))
      .toEqual([expect.objectContaining({ closeCode: 1002, offered: 'ocpp2.0.1', remoteAddress: '127.0.0.1' })]);
  });

  it('treats an upgrade with no Sec-WebSocket-Protocol header the same: 101 without one, then 1002', async () => {
    const station = await aStation(app.services);
    const answer = await rawUpgrade(app.port, `/ocpp/${station.chargeBoxId}`);
    expect(answer).toMatchObject({ status: 101, close: closed });
    expect(answer.headers).not.toHaveProperty('sec-websocket-protocol');
    // A standard client asking for no subprotocol opens, then sees the close.
    const raw = await RawSocket.open(app, station.chargeBoxId, { protocols: [] });
    expect(await raw.closed).toEqual(closed);
    expect(raw.ws.protocol).toBe('');
    expect(await app.services.stations.listConnections(station.id)).toEqual([]);
  });

  it('gives ocpp1.6 to a client offering ocpp2.0.1, ocpp1.6, and serves it', async () => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId, { protocols: ['ocpp2.0.1', 'ocpp1.6'] });
    expect(raw.ws.protocol).toBe('ocpp1.6');
    expect(await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }))
      .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
  });

  it('still refuses a wrong path with 404 and a bad chargeBoxId with 400, whatever the subprotocol', async () => {
    const station = await aStation(app.services);
    expect((await rawUpgrade(app.port, `/foo/${station.chargeBoxId}`, { protocolHeader: 'ocpp2.0.1' })).status).toBe(404);
    expect((await rawUpgrade(app.port, '/ocpp/bad%20id', { protocolHeader: 'ocpp2.0.1' })).status).toBe(400);
    expect((await rawUpgrade(app.port, `/ocpp/${station.chargeBoxId}/x`)).status).toBe(404);
  });
});

describe('handshake: auto-registration', () => {
  let autoApp: TestApp;
  beforeAll(async () => { autoApp = await startTestApp({ autoRegister: true }); });
  afterAll(() => autoApp.stop());

  it('registers an unknown charger on first contact and accepts its boot', async () => {
    const chargeBoxId = randomChargeBoxId();
    const cp = await connectedCharger(autoApp, chargeBoxId, { vendor: 'AutoVendor', model: 'AutoModel' });
    const registered = await autoApp.services.stations.findByChargeBoxId(chargeBoxId);
    expect(registered).toMatchObject({ chargeBoxId, registrationStatus: 'Accepted', passwordHash: null });
    expect(autoApp.ocpp.registry.isOnline(registered!.id)).toBe(true);

    const conf = await cp.boot();
    expect(conf.status).toBe('Accepted');
    const booted = await autoApp.services.stations.get(registered!.id);
    expect(booted.boot).toMatchObject({ vendor: 'AutoVendor', model: 'AutoModel' });
    expect(await autoApp.services.stations.listConnections(registered!.id)).toHaveLength(1);
  });

  it('registers nobody for a handshake refused for its subprotocol or path', async () => {
    const chargeBoxId = randomChargeBoxId();
    // Closed for its subprotocol before any station lookup: the lookup would register it.
    expect(await rawUpgrade(autoApp.port, `/ocpp/${chargeBoxId}`, { protocolHeader: 'ocpp2.0.1' }))
      .toMatchObject({ status: 101, close: { code: 1002 } });
    expect(await rawUpgrade(autoApp.port, `/ocpp/${chargeBoxId}`)).toMatchObject({ status: 101, close: { code: 1002 } });
    expect(await upgradeStatus(`ws://127.0.0.1:${autoApp.port}/ocpp/x/${chargeBoxId}`)).toBe(404);
    expect(await autoApp.services.stations.findByChargeBoxId(chargeBoxId)).toBeNull();
  });
});

describe('handshake: one live connection per chargeBoxId', () => {
  it('a second connection replaces the first: the first is closed, the second works', async () => {
    const station = await aStation(app.services);
    const first = await bootedCharger(app, station.chargeBoxId);
    const firstLive = app.ocpp.registry.get(station.id);
    expect(firstLive).toBeDefined();

    const second = await bootedCharger(app, station.chargeBoxId);
    await waitFor(() => !first.isOnline);
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');

    // History: the first connection closed as replaced, the second open.
    const [newer, older] = await waitFor(async () => {
      const list = await app.services.stations.listConnections(station.id);
      return list.length === 2 && list[1]!.disconnectedAt ? list : undefined;
    });
    expect(older).toMatchObject({ id: firstLive!.connectionId, closeCode: 4000, closeReason: 'Replaced by a newer connection' });
    expect(newer).toMatchObject({ disconnectedAt: null, closeCode: null });
    expect(newer!.connectedAt.getTime()).toBeGreaterThanOrEqual(older!.connectedAt.getTime());

    // The registry holds the second, even after the first's close was recorded.
    const live = app.ocpp.registry.get(station.id);
    expect(live).not.toBe(firstLive);
    expect(live?.connectionId).toBe(newer!.id);
    expect(app.ocpp.registry.all().filter((c) => c.station.id === station.id)).toHaveLength(1);
  });

  it('drops a replaced socket that never answers the close within seconds, and records it replaced', async () => {
    const station = await aStation(app.services);
    const dead = await RawSocket.open(app, station.chargeBoxId);
    const deadRecord = await waitFor(async () => (await app.services.stations.listConnections(station.id))[0]);
    // The usual case: the charger lost its link and reconnects while its old socket still looks open.
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const replacedAt = Date.now();
    const second = await bootedCharger(app, station.chargeBoxId);

    // The close frame is never read, so the socket goes after the grace (5 s), not ws's 30 s close timeout.
    const record = await waitFor(async () => {
      const found = (await app.services.stations.listConnections(station.id)).find((c) => c.id === deadRecord.id);
      return found?.disconnectedAt ? found : undefined;
    }, 15_000, 100).finally(() => dead.ws.terminate());
    expect(record).toMatchObject({ closeCode: 1006, closeReason: 'Replaced by a newer connection' });
    expect(record.disconnectedAt!.getTime() - replacedAt).toBeLessThan(15_000);
    expect(app.ocpp.registry.get(station.id)?.connectionId).not.toBe(deadRecord.id);
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');
  });

  it('a refused second connection does not replace the first', async () => {
    const station = await aStation(app.services, { password: 'right-horse-battery' });
    const first = await bootedCharger(app, station.chargeBoxId, { password: 'right-horse-battery' });
    const firstLive = app.ocpp.registry.get(station.id);

    await expect(connectedCharger(app, station.chargeBoxId, { password: 'guessed' })).rejects.toMatchObject({ statusCode: 401 });
    await expect(connectedCharger(app, station.chargeBoxId)).rejects.toMatchObject({ statusCode: 401 });

    expect(first.isOnline).toBe(true);
    expect(await first.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(app.ocpp.registry.get(station.id)).toBe(firstLive);
    expect(await app.services.stations.listConnections(station.id)).toMatchObject([{ disconnectedAt: null }]);
  });

  it('closes the replaced socket with code 4000 and a reason', async () => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId);
    const second = await bootedCharger(app, station.chargeBoxId);
    expect(await raw.closed).toEqual({ code: 4000, reason: 'Replaced by a newer connection' });
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
  });
});
