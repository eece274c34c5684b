// Stations through the staff API, with the simulator as the charger: registration and its password, the
// list and the detail, changes that a connected charger follows at once, deactivation and new passwords (their
// rotation in full: station-password.test.ts).
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.js';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket, basicAuth, bootedCharger, connectedCharger } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
let viewer: string;
let operator: string;
useStaffTestApp((s) => ({ app, viewer, operator } = s));

const UNKNOWN = 2_000_000_000;

async function aRegisteredStation(body: Record<string, unknown> = {}) {
  const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; chargeBoxId: string; password: string | null };
}

const detail = async (id: number) => (await api(app).get(`/stations/${id}`)).body;

describe('registering a station', () => {
  it('answers 201 with a password shown once; the simulator connects with it, a wrong one is refused 401', async () => {
    const chargeBoxId = randomChargeBoxId();
    const res = await api(app).post('/stations', { chargeBoxId, name: 'Car park P1', location: 'Level -1, bay 4' });
    expect(res).toMatchObject({
      status: 201,
      body: { chargeBoxId, name: 'Car park P1', location: 'Level -1, bay 4', registrationStatus: 'Accepted', active: true, online: false, hasPassword: true },
    });
    expect(res.body.password).toEqual(expect.any(String));
    expect(res.body.password.length).toBeGreaterThanOrEqual(16);
    expect(res.body).not.toHaveProperty('passwordHash');

    expect(await RawSocket.refusal(app, chargeBoxId, { headers: basicAuth(chargeBoxId, 'not-the-password') })).toBe(401);
    expect(await RawSocket.refusal(app, chargeBoxId)).toBe(401);
    const cp = await bootedCharger(app, chargeBoxId, { password: res.body.password });
    expect(cp.isOnline).toBe(true);

    const shown = await detail(res.body.id);
    expect(shown).toMatchObject({ online: true, boot: { vendor: 'ChargeSync', model: 'SimCharger' }, hasPassword: true });
    expect(JSON.stringify(shown)).not.toContain(res.body.password);
    expect(JSON.stringify((await api(app).get('/stations')).body)).not.toContain(res.body.password);
  });

  it('registers without a password when asked, and a Pending station is told Pending at boot', async () => {
    const station = await aRegisteredStation({ password: false, registrationStatus: 'Pending' });
    expect(station).toMatchObject({ password: null, hasPassword: false, registrationStatus: 'Pending', name: null });
    const cp = await connectedCharger(app, station.chargeBoxId);
    expect((await cp.boot()).status).toBe('Pending');
  });

  it('a duplicate chargeBoxId is a 409 naming the field', async () => {
    const station = await aRegisteredStation();
    const again = await api(app).post('/stations', { chargeBoxId: station.chargeBoxId, password: false });
    expect(again).toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'chargeBoxId' } } });
  });

  it.each(['has/slash', '', 'with space', 'x'.repeat(49), 'ünïcode', 42])('chargeBoxId %j is a 400 naming the field', async (chargeBoxId) => {
    const before = (await api(app).get('/stations')).body.length;
    const res = await api(app).post('/stations', { chargeBoxId });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'chargeBoxId', in: 'body' }] } } });
    expect((await api(app).get('/stations')).body.length).toBe(before);
  });

  it.each([
    ['registrationStatus', { registrationStatus: 'Maybe' }],
    ['password', { password: 'yes' }],
    ['name', { name: 12 }],
    ['extra', { extra: 1 }],
  ])('a bad %s is a 400 naming it', async (field, body) => {
    const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), ...body });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field, in: 'body' }] } } });
    expect(res.body.message).toContain(field);
  });

  it('needs the admin role (403 for viewer and operator) and a token (401)', async () => {
    for (const token of [viewer, operator]) {
      expect(await api(app, token).post('/stations', { chargeBoxId: randomChargeBoxId() })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
    expect((await api(app, null).post('/stations', { chargeBoxId: randomChargeBoxId() })).status).toBe(401);
  });
});

describe('reading stations', () => {
  it('lists each station with online, lastSeenAt, registrationStatus, active, name and boot info', async () => {
    const online = await aRegisteredStation({ password: false, name: 'Online one' });
    const offline = await aRegisteredStation({ password: false, registrationStatus: 'Rejected' });
    await bootedCharger(app, online.chargeBoxId);

    const res = await api(app, viewer).get('/stations');
    expect(res.status).toBe(200);
    const byId = new Map((res.body as Array<{ id: number }>).map((s) => [s.id, s]));
    expect(byId.get(online.id)).toMatchObject({
      online: true, active: true, registrationStatus: 'Accepted', name: 'Online one',
      lastSeenAt: expect.any(String), boot: { vendor: 'ChargeSync', firmwareVersion: '1.0.0' },
    });
    expect(byId.get(offline.id)).toMatchObject({ online: false, registrationStatus: 'Rejected', lastSeenAt: null, boot: null });
  });

  it('shows one station: boot info, connection history newest first, connectors with their latest status', async () => {
    const station = await aRegisteredStation({ password: false });
    const first = await bootedCharger(app, station.chargeBoxId);
    await waitFor(async () => (await detail(station.id)).connectors.length === 3); // 0, 1 and 2 after the boot
    await first.close();
    await waitFor(async () => !(await detail(station.id)).online);
    await bootedCharger(app, station.chargeBoxId);

    const res = await api(app, viewer).get(`/stations/${station.id}`);
    expect(res).toMatchObject({
      status: 200,
      body: {
        id: station.id, chargeBoxId: station.chargeBoxId, online: true, lastSeenAt: expect.any(String),
        lastBootAt: expect.any(String), boot: { vendor: 'ChargeSync', model: 'SimCharger' },
      },
    });
    const { connections, connectors } = res.body;
    expect(connections).toHaveLength(2);
    expect(connections[0]).toMatchObject({ disconnectedAt: null });
    expect(connections[1]).toMatchObject({ disconnectedAt: expect.any(String), closeReason: 'closed by charger' });
    expect(Date.parse(connections[0].connectedAt)).toBeGreaterThanOrEqual(Date.parse(connections[1].connectedAt));
    expect(connectors.map((c: { connectorId: number; status: string }) => [c.connectorId, c.status]))
      .toEqual([[0, 'Available'], [1, 'Available'], [2, 'Available']]);
  });

  it.each(['BOOK1762958180110', '1.5', '0', '-2'])('a station id like %j is a 400 naming the field', async (id) => {
    const res = await api(app).get(`/stations/${id}`);
    expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'stationId', in: 'path' }] } } });
  });

  it('an unknown station is a 404, and reads need a token', async () => {
    expect(await api(app).get(`/stations/${UNKNOWN}`)).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'stationId' } } });
    expect((await api(app, null).get('/stations')).status).toBe(401);
    expect((await api(app, null).get(`/stations/${UNKNOWN}`)).status).toBe(401);
  });
});

describe('changing a station', () => {
  it('changes name and location, and clears them with null', async () => {
    const station = await aRegisteredStation({ password: false, name: 'Old' });
    const res = await api(app).patch(`/stations/${station.id}`, { name: 'New name', location: 'Gate 2' });
    expect(res).toMatchObject({ status: 200, body: { name: 'New name', location: 'Gate 2' } });
    expect(await detail(station.id)).toMatchObject({ name: 'New name', location: 'Gate 2' });
    await api(app).patch(`/stations/${station.id}`, { location: null });
    expect(await detail(station.id)).toMatchObject({ name: 'New name', location: null });
  });

  it('Pending reaches the connected charger at once: its next Heartbeat is a SecurityError, and Accepted lets it through again', async () => {
    const station = await aRegisteredStation({ password: false });
    const cp = await bootedCharger(app, station.chargeBoxId);
    await cp.call('Heartbeat', {});

    expect(await api(app).patch(`/stations/${station.id}`, { registrationStatus: 'Pending' }))
      .toMatchObject({ status: 200, body: { registrationStatus: 'Pending', online: true } });
    await expect(cp.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    expect((await cp.boot()).status).toBe('Pending'); // BootNotification is still answered (OCPP 1.6 §4.2)

    await api(app).patch(`/stations/${station.id}`, { registrationStatus: 'Accepted' });
    await expect(cp.call('Heartbeat', {})).resolves.toMatchObject({ currentTime: expect.any(String) });
  });

  it.each([
    ['body', {}],
    ['registrationStatus', { registrationStatus: 'accepted' }],
    ['active', { active: 'no' }],
    ['name', { name: '' }],
    ['chargeBoxId', { chargeBoxId: 'CP-renamed' }],
  ])('a bad change (%s) is a 400 naming the field and changes nothing', async (field, body) => {
    const station = await aRegisteredStation({ password: false, name: 'Kept' });
    const res = await api(app).patch(`/stations/${station.id}`, body);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect(await detail(station.id)).toMatchObject({ name: 'Kept', active: true, registrationStatus: 'Accepted' });
  });

  it('needs the admin role, a token, and a station that exists', async () => {
    const station = await aRegisteredStation({ password: false });
    expect((await api(app, operator).patch(`/stations/${station.id}`, { name: 'x' })).status).toBe(403);
    expect((await api(app, null).patch(`/stations/${station.id}`, { name: 'x' })).status).toBe(401);
    expect((await api(app).patch(`/stations/${UNKNOWN}`, { name: 'x' })).status).toBe(404);
    expect((await api(app).patch('/stations/BOOK1762958180110', { name: 'x' })).status).toBe(400);
  });
});

describe('deactivating a station', () => {
  it('disconnects the connected charger, refuses its next handshake with 403, and PATCH active true lets it back', async () => {
    const station = await aRegisteredStation({ password: false });
    const cp = await bootedCharger(app, station.chargeBoxId);

    const res = await api(app).delete(`/stations/${station.id}`);
    expect(res).toMatchObject({ status: 200, body: { id: station.id, active: false, online: false } });
    await waitFor(() => !cp.isOnline);
    await waitFor(async () => (await detail(station.id)).connections[0]?.closeReason === 'Station deactivated');
    expect(await detail(station.id)).toMatchObject({ active: false, online: false });
    expect(await RawSocket.refusal(app, station.chargeBoxId)).toBe(403);

    await api(app).patch(`/stations/${station.id}`, { active: true });
    expect(await RawSocket.refusal(app, station.chargeBoxId)).toBe(101);
  });

  it('deactivating twice is harmless; it needs the admin role, a token, and a station that exists', async () => {
    const station = await aRegisteredStation({ password: false });
    expect((await api(app).delete(`/stations/${station.id}`)).status).toBe(200);
    expect(await api(app).delete(`/stations/${station.id}`)).toMatchObject({ status: 200, body: { active: false } });
    expect((await api(app, operator).delete(`/stations/${station.id}`)).status).toBe(403);
    expect((await api(app, null).delete(`/stations/${station.id}`)).status).toBe(401);
    expect((await api(app).delete(`/stations/${UNKNOWN}`)).status).toBe(404);
    expect((await api(app).delete('/stations/BOOK1762958180110')).status).toBe(400);
  });
});

describe('a new password', () => {
  // The rotation itself (online, refused, offline, the key never shown again): station-password.test.ts.
  it('is shown once; for an offline charger it waits as pending and the old one keeps working', async () => {
    const station = await aRegisteredStation();
    const res = await api(app).post(`/stations/${station.id}/password`);
    expect(res).toMatchObject({ status: 201, body: { stationId: station.id, chargeBoxId: station.chargeBoxId, password: expect.any(String), status: 'Pending' } });
    expect(res.body.password).not.toBe(station.password);

    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, res.body.password) })).toBe(401);
    expect(await RawSocket.refusal(app, station.chargeBoxId, { headers: basicAuth(station.chargeBoxId, station.password!) })).toBe(101);
    expect(await detail(station.id)).toMatchObject({ hasPassword: true, passwordPending: true });
  });

  it('gives a password to a station registered without one', async () => {
    const station = await aRegisteredStation({ password: false });
    const res = await api(app).post(`/stations/${station.id}/password`);
    expect(await RawSocket.refusal(app, station.chargeBoxId)).toBe(401);
    await bootedCharger(app, station.chargeBoxId, { password: res.body.password });
  });

  it('needs the admin role, a token, and a station that exists', async () => {
    const station = await aRegisteredStation({ password: false });
    expect((await api(app, operator).post(`/stations/${station.id}/password`)).status).toBe(403);
    expect((await api(app, null).post(`/stations/${station.id}/password`)).status).toBe(401);
    expect((await api(app).post(`/stations/${UNKNOWN}/password`)).status).toBe(404);
    expect((await api(app).post('/stations/BOOK1762958180110/password')).status).toBe(400);
    expect(await RawSocket.refusal(app, station.chargeBoxId)).toBe(101); // nothing changed
  });
});
