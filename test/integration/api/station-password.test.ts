// POST /api/stations/{id}/password: AuthorizationKey rotation that cannot lock a charger out (OCPP 1.6
// security whitepaper; issue 16 item 3, OCA TC_073), with the simulator as the charger. The new key is in
// force only once the charger accepts it; the old one works until the charger's first connection with the new
// one; an offline charger gets it when it next boots; a refusal changes nothing; the key is never shown again.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket, basicAuth, bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import { commandLog, stations } from '../../../src/store/schema/index.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
const events: unknown[] = [];
beforeAll(async () => {
  app = await startTestApp();
  app.events.onAny((name, payload) => events.push({ name, payload }));
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

const HEX_KEY = /^[0-9a-f]{40}$/;
const aKey = (): string => randomBytes(16).toString('hex');

async function aStationWithPassword() {
  const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; chargeBoxId: string; password: string };
}

const detail = async (id: number) => (await api(app).get(`/stations/${id}`)).body;
const connectsWith = (chargeBoxId: string, password: string) => RawSocket.refusal(app, chargeBoxId, { headers: basicAuth(chargeBoxId, password) });
const commandsOf = async (id: number) => (await api(app).get(`/stations/${id}/commands`)).body as Array<Record<string, unknown>>;

/** A charger that comes back by itself, booted, and a count of its boots: the second is its reconnection. */
async function reconnectingCharger(chargeBoxId: string, password: string, o: { acceptsAuthorizationKey?: boolean } = {}) {
  const cp: ChargePoint = await connectedCharger(app, chargeBoxId, { password, reconnect: true, ...o });
  let n = 0;
  cp.on('boot', () => { n += 1; });
  await cp.boot();
  return { cp, boots: () => n };
}

describe('rotating the AuthorizationKey of a connected charger', () => {
  it('is in force once the charger accepts; the old key works until the charger\'s first connection with the new one, then 401', async () => {
    const station = await aStationWithPassword();
    const cp = await bootedCharger(app, station.chargeBoxId, { password: station.password }); // reconnect off: comes back on comeBack()

    const res = await api(app).post(`/stations/${station.id}/password`);
    expect(res).toMatchObject({ status: 201, body: { stationId: station.id, chargeBoxId: station.chargeBoxId, status: 'Accepted', commandId: expect.any(Number) } });
    const key = res.body.password as string;
    expect(key).toMatch(HEX_KEY); // 20 random bytes, hex (security whitepaper)
    expect(res.body.message).toContain('previous one keeps working');

    await waitFor(() => !cp.isOnline); // the charger closed its connection to come back with the new key
    expect(await detail(station.id)).toMatchObject({ hasPassword: true, passwordPending: false, previousPasswordValid: true });
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(101); // not locked out in between

    await cp.comeBack(); // its first connection with the new key
    expect(cp.isOnline).toBe(true);
    expect(await detail(station.id)).toMatchObject({ previousPasswordValid: false });
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(401);
    expect(await connectsWith(station.chargeBoxId, key)).toBe(101);
  });

  it('the charger reconnects by itself with the new key it accepted (a chosen key), and the old one is refused', async () => {
    const station = await aStationWithPassword();
    const { cp, boots } = await reconnectingCharger(station.chargeBoxId, station.password);
    const key = aKey().toUpperCase();

    const res = await api(app).post(`/stations/${station.id}/password`, { key });
    expect(res).toMatchObject({ status: 201, body: { status: 'Accepted', password: key } });

    await waitFor(() => boots() === 2 && cp.isOnline);
    expect(await detail(station.id)).toMatchObject({ online: true, previousPasswordValid: false, passwordPending: false });
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(401);
    expect((await commandsOf(station.id))[0]).toMatchObject({
      action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: '***' }, outcome: 'answered', response: { status: 'Accepted' },
    });
  });
});

describe('a rotation the charger refuses', () => {
  it('changes nothing: 409 saying so, the old key works and the new one is refused', async () => {
    const station = await aStationWithPassword();
    const cp = await bootedCharger(app, station.chargeBoxId, { password: station.password, acceptsAuthorizationKey: false });
    const key = aKey();

    const res = await api(app).post(`/stations/${station.id}/password`, { key });
    expect(res).toMatchObject({ status: 409, body: { error: 'Conflict', details: { outcome: 'answered', response: { status: 'Rejected' } } } });
    expect(res.body.message).toMatch(/refused the new AuthorizationKey.*nothing changed/);
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(cp.isOnline).toBe(true); // it kept its connection and its key

    expect(await detail(station.id)).toMatchObject({ hasPassword: true, passwordPending: false, previousPasswordValid: false });
    expect((await commandsOf(station.id))[0]).toMatchObject({
      action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: '***' }, response: { status: 'Rejected' },
    });
    expect(await connectsWith(station.chargeBoxId, key)).toBe(401);
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(101);
  });
});

describe('a rotation the charger does not answer', () => {
  let quick: TestApp;
  beforeAll(async () => { quick = await startTestApp({ callTimeoutMs: 300 }); });
  afterAll(() => quick.stop());

  /** A charger whose answer to ChangeConfiguration is held until released (after our timeout). */
  async function heldCharger(o: { acceptsAuthorizationKey: boolean }) {
    const reg = await api(quick).post('/stations', { chargeBoxId: randomChargeBoxId() });
    const station = reg.body as { id: number; chargeBoxId: string; password: string };
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const cp = await connectedCharger(quick, station.chargeBoxId, {
      password: station.password, reconnect: true, ...o, beforeAnswer: (action) => (action === 'ChangeConfiguration' ? held : undefined),
    });
    let boots = 0;
    cp.on('boot', () => { boots += 1; });
    await cp.boot();
    return { station, cp, release, boots: () => boots };
  }
  const connects = (chargeBoxId: string, password: string) => RawSocket.refusal(quick, chargeBoxId, { headers: basicAuth(chargeBoxId, password) });

  it('504 saying the outcome is unknown; a charger that applied the key comes back with it and is not locked out', async () => {
    const { station, cp, release, boots } = await heldCharger({ acceptsAuthorizationKey: true });
    const key = aKey();

    const res = await api(quick).post(`/stations/${station.id}/password`, { key });
    expect(res).toMatchObject({ status: 504, body: { error: 'StationTimeout' } });
    expect(res.body.message).toContain('both keys are accepted until its first connection with the new one');
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect((await api(quick).get(`/stations/${station.id}`)).body).toMatchObject({ passwordPending: false, previousPasswordValid: true });
    expect(await connects(station.chargeBoxId, station.password)).toBe(101);

    release(); // its late Accepted: it applies the key and reconnects with it
    await waitFor(() => boots() === 2 && cp.isOnline);
    expect((await api(quick).get(`/stations/${station.id}`)).body).toMatchObject({ previousPasswordValid: false });
    expect(await connects(station.chargeBoxId, station.password)).toBe(401);
    expect(await connects(station.chargeBoxId, key)).toBe(101);
  });

  it('a charger that lost the key instead keeps working with its old one', async () => {
    const { station, cp, release } = await heldCharger({ acceptsAuthorizationKey: false });

    expect(await api(quick).post(`/stations/${station.id}/password`)).toMatchObject({ status: 504 });
    release(); // its late Rejected: it keeps its key
    await cp.goOffline();
    await cp.comeBack(); // with its old key: still valid, as the new one never connected
    expect(cp.isOnline).toBe(true);
    expect(await connects(station.chargeBoxId, station.password)).toBe(101);
  });
});

describe('rotating the AuthorizationKey of an offline charger', () => {
  it('keeps it pending (the current key stays the only one), sends it when the charger boots, then as online', async () => {
    const station = await aStationWithPassword();
    const res = await api(app).post(`/stations/${station.id}/password`);
    expect(res).toMatchObject({ status: 201, body: { status: 'Pending', commandId: null } });
    const key = res.body.password as string;
    expect(res.body.message).toContain('sent when it next connects');
    expect(await detail(station.id)).toMatchObject({ passwordPending: true, previousPasswordValid: false });
    expect(await connectsWith(station.chargeBoxId, key)).toBe(401); // pending is never valid
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(101);
    expect(await commandsOf(station.id)).toEqual([]); // nothing was sent

    const { cp, boots } = await reconnectingCharger(station.chargeBoxId, station.password);
    await waitFor(() => boots() === 2 && cp.isOnline); // took the key after its boot, came back with it

    expect(await detail(station.id)).toMatchObject({ passwordPending: false, previousPasswordValid: false, online: true });
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(401);
    expect(await connectsWith(station.chargeBoxId, key)).toBe(101);
    expect(await commandsOf(station.id)).toMatchObject([{
      action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: '***' }, requestedBy: 'bootstrap-admin', response: { status: 'Accepted' },
    }]);
  });
});

describe('a station without a password', () => {
  it('gets the key at once: nothing to rotate, and the answer says so', async () => {
    const reg = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    const res = await api(app).post(`/stations/${reg.body.id}/password`);
    expect(res).toMatchObject({ status: 201, body: { status: 'Set', commandId: null } });
    expect(res.body.message).toContain('nothing to rotate');
    expect(await connectsWith(reg.body.chargeBoxId, res.body.password)).toBe(101);
  });

  it('connected, gets the key by ChangeConfiguration like any rotation, so it is not refused at its next handshake', async () => {
    const reg = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    const cp = await bootedCharger(app, reg.body.chargeBoxId, {}); // no password: none is set
    const res = await api(app).post(`/stations/${reg.body.id}/password`);
    expect(res).toMatchObject({ status: 201, body: { status: 'Accepted', commandId: expect.any(Number) } });
    expect(await commandsOf(reg.body.id)).toMatchObject([{ action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: '***' } }]);
    await waitFor(() => !cp.isOnline);
    await cp.comeBack();
    await waitFor(() => cp.isOnline);
    expect(await connectsWith(reg.body.chargeBoxId, res.body.password)).toBe(101);
    expect(await RawSocket.refusal(app, reg.body.chargeBoxId, {})).toBe(401);
  });
});

describe('a bad key', () => {
  it.each([
    ['too short (15 bytes)', 'ab'.repeat(15)],
    ['too long (21 bytes)', 'ab'.repeat(21)],
    ['an odd number of hex characters', `${'ab'.repeat(16)}a`],
    ['not hex', 'zz'.repeat(16)],
  ])('is a 400 naming key when %s, and nothing changes', async (_why, key) => {
    const station = await aStationWithPassword();
    await bootedCharger(app, station.chargeBoxId, { password: station.password });
    const res = await api(app).post(`/stations/${station.id}/password`, { key });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'key' }] } } });
    expect(res.body.message).toContain('32 to 40 hexadecimal characters');
    expect(await commandsOf(station.id)).toEqual([]);
    expect(await detail(station.id)).toMatchObject({ passwordPending: false, previousPasswordValid: false });
    expect(await connectsWith(station.chargeBoxId, station.password)).toBe(101);
  });
});

describe('the AuthorizationKey in clear', () => {
  it('is in no API answer but the password route\'s own, in no table, no event and no log line', async () => {
    const station = await aStationWithPassword();
    await reconnectingCharger(station.chargeBoxId, station.password);
    const viaRoute = (await api(app).post(`/stations/${station.id}/password`)).body.password as string;
    const viaCommand = aKey();
    await waitFor(async () => (await detail(station.id)).online && !(await detail(station.id)).previousPasswordValid);
    const answered = await api(app).post(`/stations/${station.id}/commands/ChangeConfiguration`, { key: 'AuthorizationKey', value: viaCommand });
    expect(answered).toMatchObject({ status: 200, body: { outcome: 'answered', response: { status: 'Accepted' } } });
    await waitFor(async () => (await detail(station.id)).online && !(await detail(station.id)).previousPasswordValid);

    const answers = JSON.stringify([
      await api(app).get('/stations'), await detail(station.id), await commandsOf(station.id),
    ]);
    const db = app.database.db;
    const tables = JSON.stringify([
      await db.select().from(stations).where(eq(stations.id, station.id)),
      await db.select().from(commandLog).where(eq(commandLog.stationId, station.id)),
    ]);
    for (const key of [viaRoute, viaCommand]) {
      for (const seen of [answers, tables, JSON.stringify(events), JSON.stringify(app.logs)]) expect(seen).not.toContain(key);
    }
    expect(tables).toContain('***');
  });
});
