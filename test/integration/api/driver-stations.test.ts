// Stations for the driver app (issue 19): staff give a station its position; a driver lists the stations in
// service with each connector's live status (the simulator reports it), slot status and next free window, by
// chargeBoxId a page at a time or nearest first; and sees when a slot is booked, never by whom.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aHolder, inMinutes, slotsOf } from '../../helpers/bookings.js';
import { aDriver, type TestDriver } from '../../helpers/drivers.js';
import { getPage } from '../../helpers/pages.js';
import { countStatements } from '../../helpers/statement-counter.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
let driver: TestDriver;
beforeAll(async () => { app = await startTestApp(); driver = await aDriver(app, 'Ana App'); });
afterEach(closeChargers);
afterAll(() => app.stop());

interface Window { startsAt: string; endsAt: string | null; inUseNow: boolean }
interface Connector { connectorId: number; status: string | null; slotId: number; connectorCode: string; slotStatus: string; nextFreeWindow: Window | null }
interface Station { id: number; chargeBoxId: string; name: string | null; latitude: number | null; longitude: number | null; online: boolean; distanceM: number | null; connectors: Connector[] }

const aPrefix = () => `D${randomBytes(3).toString('hex')}`;

async function aStationNamed(chargeBoxId: string, o: Record<string, unknown> = {}): Promise<{ id: number; chargeBoxId: string }> {
  const res = await api(app).post('/stations', { chargeBoxId, password: false, ...o });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; chargeBoxId: string };
}

async function placed(chargeBoxId: string, latitude: number, longitude: number, o: Record<string, unknown> = {}) {
  const station = await aStationNamed(chargeBoxId, o);
  expect((await api(app).patch(`/stations/${station.id}`, { latitude, longitude })).status).toBe(200);
  return station;
}

const listed = async (query: string, as = driver) => {
  const res = await as.api.get(`/driver/stations?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Station[];
};

// The great-circle distance on the same sphere as the server, computed independently here.
function haversineM(a: [number, number], b: [number, number]): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b[0] - a[0]) / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(rad(b[1] - a[1]) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

describe('a station\'s position (staff)', () => {
  it('is set with latitude and longitude together, shown in the detail and the list, and cleared with both null', async () => {
    const station = await aStationNamed(aPrefix());
    const set = await api(app).patch(`/stations/${station.id}`, { latitude: 52.3702, longitude: 4.8952 });
    expect(set).toMatchObject({ status: 200, body: { latitude: 52.3702, longitude: 4.8952 } });
    expect((await api(app).get(`/stations/${station.id}`)).body).toMatchObject({ latitude: 52.3702, longitude: 4.8952 });
    expect((await api(app).get(`/stations?q=${station.chargeBoxId}`)).body).toMatchObject([{ latitude: 52.3702, longitude: 4.8952 }]);

    const cleared = await api(app).patch(`/stations/${station.id}`, { latitude: null, longitude: null });
    expect(cleared).toMatchObject({ status: 200, body: { latitude: null, longitude: null } });
  });

  it.each([
    [{ latitude: 91, longitude: 0 }, 'latitude'],
    [{ latitude: -90.5, longitude: 0 }, 'latitude'],
    [{ latitude: 0, longitude: 180.01 }, 'longitude'],
    [{ latitude: 10 }, 'longitude'],
    [{ longitude: 10 }, 'latitude'],
    [{ latitude: null, longitude: 4 }, 'latitude'],
    [{ latitude: 52, longitude: null }, 'longitude'],
    [{ latitude: '52', longitude: 4 }, 'latitude'],
  ])('refuses %j with a 400 naming %s, and changes nothing', async (body, field) => {
    const station = await aStationNamed(aPrefix(), { name: 'Before' });
    await api(app).patch(`/stations/${station.id}`, { latitude: 1.5, longitude: 2.5 });
    const res = await api(app).patch(`/stations/${station.id}`, { ...body, name: 'After' });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field }] } } });
    expect((await api(app).get(`/stations/${station.id}`)).body).toMatchObject({ name: 'Before', latitude: 1.5, longitude: 2.5 });
  });
});

describe('GET /api/driver/stations', () => {
  it('shows each connector\'s live status, slot status and next free window, and nobody\'s booking or session', async () => {
    const station = await aStationNamed(aPrefix(), { name: 'Depot' });
    const cp = await bootedCharger(app, station.chargeBoxId);
    const slots = await waitFor(async () => { const s = await slotsOf(app, station.id); return s[2] ? s : undefined; });
    // Someone else's booking covers now on connector 1, a second follows it back to back, a third after a gap.
    const holder = await aHolder(app, 'Hidden Holder');
    const now = Date.now();
    const book = async (fromMin: number, toMin: number) => {
      const made = await api(app).post('/bookings', {
        slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId,
        startsAt: inMinutes(new Date(now), fromMin), endsAt: inMinutes(new Date(now), toMin),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body as { startsAt: string; endsAt: string };
    };
    await book(-2, 30);
    const second = await book(30, 60);
    const third = await book(90, 120);
    // Another driver charges on connector 2.
    const ben = await aDriver(app, 'Ben Other');
    expect((await ben.api.post('/driver/charging', { slotId: slots[2] })).status).toBe(201);

    const [row] = await waitFor(async () => {
      const rows = await listed(`q=${station.chargeBoxId}`);
      return rows[0]?.connectors[1]?.status === 'Charging' ? rows : undefined;
    });
    expect(row).toMatchObject({ id: station.id, chargeBoxId: station.chargeBoxId, name: 'Depot', online: true, distanceM: null, latitude: null });
    const [one, two] = row!.connectors;
    expect(one).toMatchObject({ connectorId: 1, slotId: slots[1], connectorCode: `${station.chargeBoxId}-1`, slotStatus: 'booked' });
    // Free from the end of the back-to-back pair until the third booking.
    expect(one!.nextFreeWindow).toEqual({ startsAt: second.endsAt, endsAt: third.startsAt, inUseNow: false });
    expect(two).toMatchObject({ connectorId: 2, status: 'Charging', slotStatus: 'in_use', nextFreeWindow: { endsAt: null, inUseNow: true } });
    expect(Date.parse(two!.nextFreeWindow!.startsAt)).toBeLessThanOrEqual(Date.now());
    // The status is the connector's live one: the staff detail shows the same.
    const staff = (await api(app).get(`/stations/${station.id}`)).body as { connectors: Array<{ connectorId: number; status: string }> };
    expect(one!.status).toBe(staff.connectors.find((c) => c.connectorId === 1)!.status);

    // Neither the holder nor the other driver is in the answer: no name, no tag, no customer.
    const text = JSON.stringify(await listed(`q=${station.chargeBoxId}`));
    for (const secret of ['Hidden Holder', holder.idTag, 'Ben Other', ben.appIdTag, 'customer', 'idTag']) expect(text).not.toContain(secret);

    // A fault takes the connector out of service: no window can be promised.
    await cp.fault(1);
    const faulted = await waitFor(async () => {
      const c = (await listed(`q=${station.chargeBoxId}`))[0]?.connectors[0];
      return c?.status === 'Faulted' ? c : undefined;
    });
    expect(faulted).toMatchObject({ slotStatus: 'inactive', nextFreeWindow: null });
  });

  it('lists only stations in service, a page at a time by chargeBoxId, in two statements whatever the page', async () => {
    const p = aPrefix();
    for (const n of ['1', '2', '3']) await aStationNamed(`${p}-${n}`);
    await aStationNamed(`${p}-4`, { registrationStatus: 'Pending' });
    const gone = await aStationNamed(`${p}-5`);
    await api(app).delete(`/stations/${gone.id}`);

    const first = await getPage<Station>(app, `/driver/stations?q=${p.toLowerCase()}&limit=2`, driver.token);
    expect(first.body.map((s) => s.chargeBoxId)).toEqual([`${p}-1`, `${p}-2`]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await getPage<Station>(app, first.next!, driver.token);
    expect(second).toMatchObject({ status: 200, nextCursor: null });
    expect(second.body.map((s) => s.chargeBoxId)).toEqual([`${p}-3`]);
    expect(first.body[0]).toMatchObject({ online: false, connectors: [] });

    const counter = countStatements(app);
    try {
      await listed(`q=${p}&limit=1`);
      const one = counter.take().statements;
      await listed(`q=${p}&limit=3`);
      expect(counter.take().statements).toBe(one);
    } finally {
      counter.detach();
    }
    expect(await driver.api.get('/driver/stations?cursor=nope')).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'cursor' }] } } });
    expect((await api(app).get('/driver/stations')).status).toBe(403);
  });

  it('with near: the nearest stations with a position within the radius, nearest first, with their distances', async () => {
    const p = aPrefix();
    // Far from the other tests' stations: a spot of the South Atlantic.
    const center: [number, number] = [-40.5, -20.25];
    const at = (dLat: number, dLng: number): [number, number] => [center[0] + dLat, center[1] + dLng];
    const a = await placed(`${p}-a`, ...at(0.1, 0));
    const b = await placed(`${p}-b`, ...at(0, 0.01));
    const c = await placed(`${p}-c`, ...at(-0.3, 0.2));
    const far = await placed(`${p}-far`, ...at(1, 0));
    await aStationNamed(`${p}-nowhere`);
    await placed(`${p}-pending`, ...center, { registrationStatus: 'Pending' });

    const near = await listed(`near=${center.join(',')}`);
    expect(near.map((s) => s.chargeBoxId)).toEqual([b.chargeBoxId, a.chargeBoxId, c.chargeBoxId]);
    for (const [s, pos] of [[near[0], at(0, 0.01)], [near[1], at(0.1, 0)], [near[2], at(-0.3, 0.2)]] as const) {
      expect(Math.abs(s!.distanceM! - haversineM(center, pos))).toBeLessThanOrEqual(1);
    }
    expect(near[0]).toMatchObject({ latitude: center[0], longitude: center[1] + 0.01, connectors: [] });
    expect((await listed(`near=${center.join(',')}&radiusKm=200`)).map((s) => s.chargeBoxId)).toContain(far.chargeBoxId);
    expect((await listed(`near=${center.join(',')}&limit=2`)).map((s) => s.chargeBoxId)).toEqual([b.chargeBoxId, a.chargeBoxId]);
    expect((await listed(`near=${center[0]},%20${center[1]}&radiusKm=5`)).map((s) => s.chargeBoxId)).toEqual([b.chargeBoxId]);
    const res = await fetch(`${app.url}/api/driver/stations?near=${center.join(',')}&limit=1`, { headers: { authorization: `Bearer ${driver.token}` } });
    expect(res.headers.get('x-next-cursor')).toBeNull();
  });

  it('with near across the antimeridian: a station on the other side is near', async () => {
    const east = await placed(`${aPrefix()}-east`, -10.123, 179.99);
    const west = await placed(`${aPrefix()}-west`, -10.123, -179.95);
    const near = await listed('near=-10.123,179.9&radiusKm=20');
    expect(near.map((s) => s.chargeBoxId)).toEqual([east.chargeBoxId, west.chargeBoxId]);
    expect(Math.abs(near[1]!.distanceM! - haversineM([-10.123, 179.9], [-10.123, -179.95]))).toBeLessThanOrEqual(1);
  });

  it.each([
    ['near=52.1', 'near'], ['near=abc,def', 'near'], ['near=91,0', 'near'], ['near=0,181', 'near'], ['near=1,2,3', 'near'],
    ['near=', 'near'], ['near=1e2,3', 'near'], ['near=1,2&radiusKm=0', 'radiusKm'], ['near=1,2&radiusKm=501', 'radiusKm'],
    ['radiusKm=5', 'radiusKm'], ['near=1,2&cursor=WyJhIiwxXQ', 'cursor'], ['limit=0', 'limit'], ['sort=name', 'sort'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const res = await driver.api.get(`/driver/stations?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field }] } } });
  });
});
