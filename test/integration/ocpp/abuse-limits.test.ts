// Abuse limits on the OCPP side (issue 6): refused handshakes per remote address, message size, bad frames per
// connection, and a flooding charger that must not starve the others. Each limit: reached → refused or
// closed; under it → fine; nothing from the refused input reaches the database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, RawSocket, type Frame } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { upgrade } from '../../helpers/upgrade.js';
import { rawUpgrade } from '../../helpers/raw-upgrade.js';
import { waitFor } from '../../helpers/wait-for.js';
import { ManualClock } from '../../../src/shared/clock.js';

const BLOCK_S = 300;
const clock = new ManualClock(new Date());
let app: TestApp; // connection limits: 8 kB messages, 3 bad frames, the default 16 calls waiting
let authApp: TestApp; // handshake limit: 3 refusals a minute; auto-registration on, so a handshake that gets through writes
beforeAll(async () => {
  [app, authApp] = await Promise.all([
    startTestApp({ ocppLimits: { maxMessageBytes: 8192, maxBadMessages: 3 } }),
    startTestApp({ autoRegister: true, clock, authFailures: { limit: 3, windowMs: 60_000, blockMs: BLOCK_S * 1000 } }),
  ]);
});
afterEach(closeChargers);
afterAll(() => Promise.all([app.stop(), authApp.stop()]));

const NOW = new Date().toISOString();

async function bootedRaw(): Promise<{ raw: RawSocket; stationId: number }> {
  const station = await aStation(app.services);
  const raw = await RawSocket.open(app, station.chargeBoxId);
  expect(await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }))
    .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
  return { raw, stationId: station.id };
}

async function lastConnection(a: TestApp, stationId: number) {
  return waitFor(async () => {
    const [last] = await a.services.stations.listConnections(stationId);
    return last?.disconnectedAt ? last : undefined;
  });
}

describe('refused handshakes per remote address', () => {
  // Each test starts with no count: the window and any block are over.
  afterEach(() => clock.advance((BLOCK_S + 61) * 1000));

  it('answers 429 with Retry-After at the limit, before the database is asked, from that address only, until the block ends', async () => {
    const station = await aStation(authApp.services, { password: 'right-horse-battery' });
    for (let i = 0; i < 3; i++) expect((await upgrade(authApp, station.chargeBoxId, { password: 'guess' })).status).toBe(401);
    const refusalsLogged = authApp.logs.filter((l) => l.msg === 'handshake refused').length;

    const blocked = await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(BLOCK_S));
    // Auto-registration would write a station for this one if its handshake reached the auth callback.
    const unknown = randomChargeBoxId();
    expect((await upgrade(authApp, unknown)).status).toBe(429);
    expect(await authApp.services.stations.findByChargeBoxId(unknown)).toBeNull();
    expect(await authApp.services.stations.listConnections(station.id)).toEqual([]);
    expect(authApp.logs.filter((l) => l.msg === 'handshake refused')).toHaveLength(refusalsLogged);
    expect(authApp.logs.filter((l) => l.msg === 'address blocked after repeated refused handshakes'))
      .toEqual([expect.objectContaining({ remoteAddress: '127.0.0.1', blockS: BLOCK_S })]);

    // Another address is not blocked.
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery', from: '127.0.0.2' })).status).toBe(101);

    clock.advance((BLOCK_S - 1) * 1000);
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' })).headers['retry-after']).toBe('1');
    clock.advance(1000);
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' })).status).toBe(101);
  });

  it('lets an address under the limit in, whatever the reasons of its refusals', async () => {
    const station = await aStation(authApp.services, { password: 'right-horse-battery' });
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'guess' })).status).toBe(401);
    expect(await rawUpgrade(authApp.port, `/ocpp/${station.chargeBoxId}`)).toMatchObject({ status: 101, close: { code: 1002 } });
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' })).status).toBe(101);
  });

  it('counts every kind of refusal, and a success in between resets nothing', async () => {
    const station = await aStation(authApp.services, { password: 'right-horse-battery' });
    // OCPP-J 1.6 §3.1.2: completed without a subprotocol, then closed; still a refused handshake.
    expect(await rawUpgrade(authApp.port, `/ocpp/${station.chargeBoxId}`, { protocolHeader: 'ocpp2.0.1' }))
      .toMatchObject({ status: 101, close: { code: 1002 } });
    expect((await upgrade(authApp, station.chargeBoxId)).status).toBe(401);
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' })).status).toBe(101);
    expect((await upgrade(authApp, 'bad id with spaces')).status).toBe(400);
    expect((await upgrade(authApp, station.chargeBoxId, { password: 'right-horse-battery' })).status).toBe(429);
  });
});

describe('message size', () => {
  it('closes the connection with 1009 on a message over OCPP_MAX_MESSAGE_BYTES, and writes nothing', async () => {
    const { raw, stationId } = await bootedRaw();
    raw.send(JSON.stringify([2, 'big-1', 'DataTransfer', { vendorId: 'X', data: 'x'.repeat(9000) }]));
    expect((await raw.closed).code).toBe(1009);
    expect(await app.services.stations.dataTransfers(stationId)).toEqual([]);
    // ws stops reading at once, so the server never sees the close frame back (1006); the reason says why.
    expect(await lastConnection(app, stationId)).toMatchObject({ closeReason: 'Message too big' });
  });

  it('handles a message under the cap', async () => {
    const { raw, stationId } = await bootedRaw();
    expect(await raw.call('DataTransfer', { vendorId: 'X', data: 'x'.repeat(7000) }, 'big-2'))
      .toEqual([3, 'big-2', { status: 'UnknownVendorId' }]);
    expect(await app.services.stations.dataTransfers(stationId)).toHaveLength(1);
  });
});

describe('bad frames per connection', () => {
  const notJson = '[2, "m-1", "Heartbeat", {';

  it('closes with 1002 at the first bad frame past OCPP_MAX_BAD_MESSAGES, counting over the connection, not in a row', async () => {
    const { raw, stationId } = await bootedRaw();
    const before = await stationRows(app, stationId);
    // ocpp-rpc's own count resets at each good frame; ours does not.
    for (let i = 0; i < 3; i++) {
      raw.send(notJson);
      expect(await raw.next()).toEqual([4, '-1', 'FormationViolation', expect.any(String), expect.anything()]);
      expect(await raw.call('Heartbeat', {})).toMatchObject([3, expect.any(String), { currentTime: expect.any(String) }]);
    }
    raw.send(notJson);
    expect(await raw.closed).toEqual({ code: 1002, reason: 'Too many bad frames' });
    expect(await lastConnection(app, stationId)).toMatchObject({ closeCode: 1002, closeReason: 'Too many bad frames' });
    expect(await stationRows(app, stationId)).toEqual(before);
  });

  it('does not count CALLs that are well formed but break the schema: each gets its CALLERROR', async () => {
    const { raw, stationId } = await bootedRaw();
    const idTag = await anIdTag(app.services);
    for (let i = 0; i < 6; i++) {
      expect(await raw.call('StartTransaction', { connectorId: '1', idTag, meterStart: 0, timestamp: NOW }, `s-${i}`))
        .toEqual([4, `s-${i}`, 'TypeConstraintViolation', expect.any(String), expect.anything()]);
    }
    expect(await raw.call('Heartbeat', {})).toMatchObject([3, expect.any(String), { currentTime: expect.any(String) }]);
    expect((await stationRows(app, stationId)).sessions).toBe(0);
  });
});

describe('a flooding charger', () => {
  it('is closed with 1008 past 16 calls waiting, while a simulated charger in a session is answered throughout', async () => {
    const simStation = await aStation(app.services);
    const sim = await bootedCharger(app, simStation.chargeBoxId, { meterIntervalMs: 200 });
    await sim.startSession(1, await anIdTag(app.services));
    const { raw, stationId } = await bootedRaw();
    const answers: Frame[] = [];
    raw.ws.on('message', (data) => answers.push(JSON.parse(String(data)) as Frame));

    const frames = Array.from({ length: 400 }, (_, i) => JSON.stringify([2, `f-${i}`, 'StatusNotification', {
      connectorId: 1, errorCode: 'NoError', status: i % 2 ? 'Available' : 'Unavailable', timestamp: new Date(Date.parse(NOW) + i).toISOString(),
    }]));
    frames.forEach((f) => raw.send(f));
    // Answered while the flood is refused (a starved charger's call would time out and throw); how fast is
    // the benchmark's business, not this test's.
    for (let i = 0; i < 5; i++) expect(await sim.call('Heartbeat', {})).toHaveProperty('currentTime');

    expect(await raw.closed).toEqual({ code: 1008, reason: 'Too many calls outstanding' });
    // What was admitted (never more than one running + 16 waiting) was handled and answered in order; from
    // the first call past the limit on, nothing ran.
    const answered = answers.map((a) => a[1]);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(frames.length);
    expect(answered).toEqual(answered.map((_, i) => `f-${i}`));
    expect((await stationRows(app, stationId)).statusNotifications).toBe(answered.length);
    expect(await lastConnection(app, stationId)).toMatchObject({ closeCode: 1008, closeReason: 'Too many calls outstanding' });
    // The simulated charger's session went on: its meter values kept coming and being stored.
    const energyBefore = (await app.services.sessions.get(sim.session(1)!.transactionId)).energyWh ?? 0;
    await waitFor(async () => ((await app.services.sessions.get(sim.session(1)!.transactionId)).energyWh ?? 0) > energyBefore);
    expect(sim.isOnline).toBe(true);
  });

  it('answers a burst within the limit, one at a time, in the order sent', async () => {
    const { raw } = await bootedRaw();
    for (let i = 0; i < 17; i++) raw.send(JSON.stringify([2, `b-${i}`, 'Heartbeat', {}]));
    const answers: Frame[] = [];
    for (let i = 0; i < 17; i++) answers.push(await raw.next());
    expect(answers.map((a) => a[0])).toEqual(Array(17).fill(3));
    expect(answers.map((a) => a[1])).toEqual(Array.from({ length: 17 }, (_, i) => `b-${i}`));
    expect(await raw.call('Heartbeat', {}, 'after')).toEqual([3, 'after', { currentTime: expect.any(String) }]);
  });
});
