// A driver's bookings (issue 19): an integer id, the exclusion constraint against another driver's overlap (409),
// only the driver's own visible, cancel; staff see the booking with the driver's name.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { inMinutes, slotsOf } from '../../helpers/bookings.js';
import { aDriver } from '../../helpers/drivers.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aSlot(): Promise<number> {
  const station = await aStation(app.services);
  await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return waitFor(async () => (await slotsOf(app, station.id))[1]);
}
const tomorrow = () => new Date(Date.now() + 86_400_000);

describe('a driver books', () => {
  it('a slot with the app tag; an overlapping booking by another driver is a 409; staff see the holder by name', async () => {
    const ana = await aDriver(app, 'Ana Booker');
    const ben = await aDriver(app, 'Ben Late');
    const slotId = await aSlot();
    const at = tomorrow();
    const made = await ana.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 60) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ id: expect.any(Number), customerId: ana.customerId, idTag: ana.appIdTag, status: 'confirmed' });
    expect(Number.isInteger(made.body.id)).toBe(true);

    const overlap = await ben.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 30), endsAt: inMinutes(at, 90) });
    expect(overlap).toMatchObject({ status: 409, body: { error: 'Conflict' } });
    expect((await ben.api.get('/driver/bookings')).body).toEqual([]);

    const staffView = (await api(app).get(`/bookings?slotId=${slotId}`)).body as Array<{ id: number; customerName: string }>;
    expect(staffView).toEqual([expect.objectContaining({ id: made.body.id, customerName: 'Ana Booker' })]);
  });

  it('sees only their own, cancels them, and gets 404 for another driver\'s and 400 for a string id', async () => {
    const ana = await aDriver(app, 'Ana');
    const ben = await aDriver(app, 'Ben');
    const slotId = await aSlot();
    const at = tomorrow();
    const { id } = (await ana.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 30) })).body as { id: number };
    expect((await ana.api.get('/driver/bookings')).body.map((b: { id: number }) => b.id)).toEqual([id]);
    expect(await ben.api.get(`/driver/bookings/${id}`)).toMatchObject({ status: 404, body: { details: { field: 'bookingId' } } });
    expect(await ben.api.post(`/driver/bookings/${id}/cancel`)).toMatchObject({ status: 404 });
    expect((await ana.api.get(`/driver/bookings/${id}`)).body.status).toBe('confirmed');
    expect((await ana.api.get('/driver/bookings/BOOK1762958180110')).status).toBe(400);
    expect(await ana.api.post(`/driver/bookings/${id}/cancel`)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    // The slot is free again: Ben books the same window.
    expect((await ben.api.post('/driver/bookings', { slotId, startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 30) })).status).toBe(201);
  });

  it('refuses a bad body with a 400 naming the field and books nothing', async () => {
    const ana = await aDriver(app);
    const slotId = await aSlot();
    const at = tomorrow();
    for (const [body, field] of [
      [{ slotId: String(slotId), startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 30) }, 'slotId'],
      [{ slotId, startsAt: 'tomorrow', endsAt: inMinutes(at, 30) }, 'startsAt'],
      [{ slotId, startsAt: inMinutes(at, 0), endsAt: inMinutes(at, 30), customerId: 1 }, 'customerId'],
    ] as const) {
      const res = await ana.api.post('/driver/bookings', body);
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe(field);
    }
    expect((await ana.api.get('/driver/bookings')).body).toEqual([]);
  });
});
