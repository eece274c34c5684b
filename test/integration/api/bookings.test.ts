// Booking a slot over REST: the database's exclusion constraint decides overlaps, even under 50 concurrent
// requests; every refusal is a clear error and writes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api, aToken } from '../../helpers/api.js';
import { aHolder, inMinutes, slotsOf } from '../../helpers/bookings.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aSlot(connectors = 2) {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors });
  return { station, cp, slots: await slotsOf(app, station.id) };
}
const countBookings = async (slotId: number) => (await api(app).get(`/bookings?slotId=${slotId}`)).body.length as number;
const soon = (minutes: number) => inMinutes(new Date(), minutes);

describe('POST /api/bookings', () => {
  it('books a future window: integer id, BK- display code, confirmed', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const res = await api(app).post('/bookings', { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) });
    expect(res).toMatchObject({ status: 201, body: { slotId: slots[1], customerId: holder.customerId, idTag: holder.idTag, status: 'confirmed', reservationStatus: null } });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.code).toBe(`BK-${String(res.body.id).padStart(6, '0')}`);
    expect((await api(app).get(`/bookings/${res.body.id}`)).body).toMatchObject({ id: res.body.id, status: 'confirmed' });
  });

  it('50 concurrent requests for overlapping windows on one slot: exactly one 201, 49 409s, one booking', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const requests = Array.from({ length: 50 }, (_, i) => api(app).post('/bookings', {
      slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60 + (i % 5)), endsAt: soon(120 + (i % 7)),
    }));
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await countBookings(slots[1]!)).toBe(1);
  });

  it('books back-to-back windows: [10:00, 11:00) and [11:00, 12:00) do not overlap', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const base = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId };
    const start = new Date(Date.now() + 3_600_000);
    expect((await api(app).post('/bookings', { ...base, startsAt: inMinutes(start, 0), endsAt: inMinutes(start, 60) })).status).toBe(201);
    expect((await api(app).post('/bookings', { ...base, startsAt: inMinutes(start, 60), endsAt: inMinutes(start, 120) })).status).toBe(201);
  });

  it('refuses an overlap with a 409 naming the slot, its status and the booking it hits', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const base = { slotId: slots[2], customerId: holder.customerId, idTagId: holder.idTagId };
    const first = await api(app).post('/bookings', { ...base, startsAt: soon(60), endsAt: soon(120) });
    const res = await api(app).post('/bookings', { ...base, startsAt: soon(90), endsAt: soon(150) });
    expect(res).toMatchObject({ status: 409, body: { error: 'Conflict', details: { slotId: slots[2], bookingId: first.body.id, slotStatus: 'available' } } });
    expect(res.body.message).toContain(first.body.code);
    expect(res.body.message).toMatch(/^slot .*-2 \(id \d+\) is booked/);
  });

  it('refuses any booking of an inactive slot (Faulted, or under maintenance), naming its status', async () => {
    const { station, cp, slots } = await aSlot();
    const holder = await aHolder(app);
    await cp.fault(1, 'GroundFailure');
    const base = { customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) };
    const faulted = await api(app).post('/bookings', { ...base, slotId: slots[1] });
    expect(faulted).toMatchObject({ status: 409, body: { details: { slotId: slots[1], slotStatus: 'inactive' } } });
    expect(faulted.body.message).toContain('is inactive');

    expect((await api(app).post('/issues', { stationId: station.id, connectorId: 2, title: 'Display broken' })).status).toBe(201);
    expect(await api(app).post('/bookings', { ...base, slotId: slots[2] })).toMatchObject({ status: 409, body: { details: { slotStatus: 'inactive' } } });
    expect(await countBookings(slots[1]!) + await countBookings(slots[2]!)).toBe(0);
  });

  it('refuses a window that is over already, and one that ends before it starts', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const base = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId };
    expect(await api(app).post('/bookings', { ...base, startsAt: soon(-120), endsAt: soon(-60) })).toMatchObject({ status: 409 });
    expect(await api(app).post('/bookings', { ...base, startsAt: soon(120), endsAt: soon(60) }))
      .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'endsAt' }] } } });
    expect(await countBookings(slots[1]!)).toBe(0);
  });

  it('refuses a booking starting now on a slot in use, but takes one for later', async () => {
    const { cp, slots } = await aSlot();
    const holder = await aHolder(app);
    await cp.startSession(1, holder.idTag);
    const base = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId };
    expect(await api(app).post('/bookings', { ...base, startsAt: soon(0), endsAt: soon(60) }))
      .toMatchObject({ status: 409, body: { details: { slotStatus: 'in_use' } } });
    expect((await api(app).post('/bookings', { ...base, startsAt: soon(120), endsAt: soon(180) })).status).toBe(201);
  });

  it.each([
    ['slotId', { slotId: 'BOOK1762958180110' }], ['slotId', { slotId: 1.5 }], ['customerId', { customerId: '7' }],
    ['startsAt', { startsAt: 'tomorrow' }], ['extra', { extra: true }],
  ])('a wrong %s is a 400 naming it, and nothing is written', async (field, change) => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const res = await api(app).post('/bookings', {
      slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120), ...change,
    });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect(await countBookings(slots[1]!)).toBe(0);
  });

  it('an unknown slot, customer or tag is a 404 naming it; a tag of another customer is a 400', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const other = await aHolder(app, 'Someone else');
    const base = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) };
    expect(await api(app).post('/bookings', { ...base, slotId: 2_000_000_000 })).toMatchObject({ status: 404, body: { details: { field: 'slotId' } } });
    expect(await api(app).post('/bookings', { ...base, customerId: 2_000_000_000 })).toMatchObject({ status: 404 });
    expect(await api(app).post('/bookings', { ...base, idTagId: other.idTagId })).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'idTagId' }] } } });
    expect(await countBookings(slots[1]!)).toBe(0);
  });

  it('needs the operator role', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const body = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) };
    expect((await api(app, await aToken(app, 'viewer')).post('/bookings', body)).status).toBe(403);
    expect((await api(app, null).post('/bookings', body)).status).toBe(401);
    expect((await api(app, await aToken(app, 'operator')).post('/bookings', body)).status).toBe(201);
  });
});

describe('reading and changing bookings', () => {
  it('a booking id like "BOOK1762958180110" is a 400 naming bookingId, and nothing changes', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const made = await api(app).post('/bookings', { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) });
    for (const path of ['/bookings/BOOK1762958180110', '/bookings/BOOK1762958180110/cancel']) {
      const res = path.endsWith('cancel') ? await api(app).post(path) : await api(app).get(path);
      expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'bookingId', in: 'path' }] } } });
    }
    expect((await api(app).get(`/bookings/${made.body.id}`)).body.status).toBe('confirmed');
    expect((await api(app).get('/bookings/2000000000')).status).toBe(404);
  });

  it('lists by slot, station, holder, status and time range', async () => {
    const { station, slots } = await aSlot();
    const a = await aHolder(app, 'A');
    const b = await aHolder(app, 'B');
    const one = await api(app).post('/bookings', { slotId: slots[1], customerId: a.customerId, idTagId: a.idTagId, startsAt: soon(60), endsAt: soon(120) });
    const two = await api(app).post('/bookings', { slotId: slots[2], customerId: b.customerId, idTagId: b.idTagId, startsAt: soon(180), endsAt: soon(240) });
    const ids = async (q: string) => ((await api(app).get(`/bookings?${q}`)).body as Array<{ id: number }>).map((x) => x.id);
    expect(await ids(`stationId=${station.id}`)).toEqual([one.body.id, two.body.id]);
    expect(await ids(`customerId=${b.customerId}`)).toEqual([two.body.id]);
    expect(await ids(`stationId=${station.id}&from=${encodeURIComponent(soon(150))}`)).toEqual([two.body.id]);
    await api(app).post(`/bookings/${one.body.id}/cancel`);
    expect(await ids(`stationId=${station.id}&status=cancelled`)).toEqual([one.body.id]);
  });

  it('cancels a confirmed booking once; a second cancel is a 409; the window can be booked again', async () => {
    const { slots } = await aSlot();
    const holder = await aHolder(app);
    const body = { slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) };
    const made = await api(app).post('/bookings', body);
    expect(await api(app).post(`/bookings/${made.body.id}/cancel`)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await api(app).post(`/bookings/${made.body.id}/cancel`)).toMatchObject({ status: 409, body: { error: 'Conflict' } });
    expect((await api(app).post('/bookings', body)).status).toBe(201);
  });

  it('lists slots with their status and next bookings', async () => {
    const { station, cp, slots } = await aSlot();
    const holder = await aHolder(app);
    const made = await api(app).post('/bookings', { slotId: slots[2], customerId: holder.customerId, idTagId: holder.idTagId, startsAt: soon(60), endsAt: soon(120) });
    await cp.fault(1, 'GroundFailure');
    const list = (await api(app).get(`/slots?stationId=${station.id}`)).body;
    expect(list).toMatchObject([
      { id: slots[1], connectorId: 1, code: `${station.chargeBoxId}-1`, status: 'inactive', connectorStatus: 'Faulted' },
      { id: slots[2], connectorId: 2, code: `${station.chargeBoxId}-2`, status: 'available', nextBookings: [{ id: made.body.id }] },
    ]);
  });
});
