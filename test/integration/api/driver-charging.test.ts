// A driver starts charging on a connector with the app (issue 19): RemoteStartTransaction with the driver's app
// tag, answered with the session's id once the simulator started; the session is the driver's alone; stop.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { aBookingFromNow, aHolder, slotsOf } from '../../helpers/bookings.js';
import { aDriver } from '../../helpers/drivers.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aChargerWithSlots() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100 });
  const slots = await waitFor(async () => { const s = await slotsOf(app, station.id); return s[1] ? s : undefined; });
  return { station, cp, slots };
}
const commandLog = async (stationId: number) => (await api(app).get(`/stations/${stationId}/commands`)).body as Array<{ action: string; requestedBy: string }>;

describe('a driver charges from the app', () => {
  it('starts on a slot with the app tag, follows the session with its cost so far, and stops it', async () => {
    const driver = await aDriver(app, 'Ana App');
    const { station, slots } = await aChargerWithSlots();
    const started = await driver.api.post('/driver/charging', { slotId: slots[1] });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const sessionId = started.body.sessionId as number;
    expect((await api(app).get(`/sessions/${sessionId}`)).body).toMatchObject({ idTag: driver.appIdTag, customer: { id: driver.customerId, name: 'Ana App' }, stoppedAt: null });
    expect((await commandLog(station.id))[0]).toMatchObject({ action: 'RemoteStartTransaction', requestedBy: `driver:${driver.customerId}` });

    const running = await waitFor(async () => {
      const s = (await driver.api.get(`/driver/sessions/${sessionId}`)).body;
      return s.energyWh > 0 ? s : undefined;
    });
    expect(running).toMatchObject({ id: sessionId, currency: expect.any(String), invoice: null });
    expect(running.durationS).toBeGreaterThanOrEqual(0);
    expect((await driver.api.get('/driver/sessions?state=active')).body.map((s: { id: number }) => s.id)).toEqual([sessionId]);

    expect(await driver.api.post(`/driver/sessions/${sessionId}/stop`)).toMatchObject({ status: 200, body: { status: 'Accepted' } });
    const stopped = await waitFor(async () => {
      const s = (await driver.api.get(`/driver/sessions/${sessionId}`)).body;
      return s.stoppedAt ? s : undefined;
    });
    expect(stopped.invoice).toMatchObject({ customerId: driver.customerId, status: 'unpaid' });
    expect(stopped.costSoFarMinor).toBe(stopped.invoice.totalMinor);
  });

  it('refuses a slot in use, booked by someone else, or of an offline charger, sending nothing', async () => {
    const ana = await aDriver(app, 'Ana');
    const ben = await aDriver(app, 'Ben');
    const { station, slots } = await aChargerWithSlots();
    await ana.api.post('/driver/charging', { slotId: slots[1] });
    expect(await ben.api.post('/driver/charging', { slotId: slots[1] })).toMatchObject({ status: 409, body: { details: { reason: 'in_use' } } });

    const booked = await aChargerWithSlots();
    const holder = await aHolder(app, 'Holder');
    await aBookingFromNow(app, booked.station.id, holder, new Date(Date.now() - 120_000));
    const before = (await commandLog(booked.station.id)).filter((c) => c.action === 'RemoteStartTransaction').length;
    expect(await ben.api.post('/driver/charging', { slotId: booked.slots[1] })).toMatchObject({ status: 409, body: { details: { reason: 'booked' } } });
    expect((await commandLog(booked.station.id)).filter((c) => c.action === 'RemoteStartTransaction').length).toBe(before);

    await closeChargers();
    await waitFor(async () => ((await api(app).get(`/slots/${slots[2]}`)).body.stationOnline === false ? true : undefined));
    expect(await ben.api.post('/driver/charging', { slotId: slots[2] })).toMatchObject({ status: 503 });
    expect((await commandLog(station.id)).filter((c) => c.action === 'RemoteStartTransaction')).toHaveLength(1);
  });

  it('keeps sessions apart: another driver\'s session is a 404, bad ids and bodies a 400', async () => {
    const ana = await aDriver(app, 'Ana');
    const ben = await aDriver(app, 'Ben');
    const { slots } = await aChargerWithSlots();
    const { sessionId } = (await ana.api.post('/driver/charging', { slotId: slots[1] })).body as { sessionId: number };
    expect(await ben.api.get(`/driver/sessions/${sessionId}`)).toMatchObject({ status: 404, body: { details: { field: 'sessionId' } } });
    expect(await ben.api.post(`/driver/sessions/${sessionId}/stop`)).toMatchObject({ status: 404 });
    expect((await ben.api.get('/driver/sessions')).body).toEqual([]);
    expect((await ana.api.get('/driver/sessions/BOOK1762958180110')).status).toBe(400);
    expect((await ana.api.post('/driver/charging', { slotId: '1' })).body).toMatchObject({ error: 'BadRequest', details: { fields: [{ field: 'slotId' }] } });
    expect(await ana.api.post('/driver/charging', { slotId: 99_999_999 })).toMatchObject({ status: 404, body: { details: { field: 'slotId' } } });
  });
});
