// GET /api/bookings as the console pages it (issue 18): soonest first on (startsAt, id), a cursor walk returns every
// row once even while bookings are made meanwhile, a day's calendar is one call with the holder's name, the slot's
// code and the chargeBoxId on each booking, q finds a code or a holder, and bad input is a 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { aHolder, slotsOf, type Holder } from '../../helpers/bookings.js';
import { api } from '../../helpers/api.js';
import { getPage, walkPages } from '../../helpers/pages.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Row {
  id: number; code: string; slotId: number; startsAt: string; endsAt: string; customerName: string;
  stationId: number; connectorId: number; chargeBoxId: string; slotCode: string;
}

/** Midnight UTC `days` from today: windows there are in the future whenever the test runs. */
const dayFromNow = (days: number): Date => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
};
const at = (day: Date, hours: number): string => new Date(day.getTime() + hours * 3_600_000).toISOString();

async function aBooking(slotId: number, holder: Holder, startsAt: string, endsAt: string): Promise<number> {
  const made = await api(app).post('/bookings', { slotId, customerId: holder.customerId, idTagId: holder.idTagId, startsAt, endsAt });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id as number;
}

/** The list's order: startsAt, then id. */
const soonestFirst = (a: Row, b: Row) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id - b.id;

/**
 * A station with two slots and eight bookings three days from now: four windows on each slot, each starting at the
 * same instant on both (the id breaks the tie); the holder's name is unique to this station.
 */
async function aBookedStation() {
  const station = await aStation(app.services);
  await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors: 2 });
  const slots = await slotsOf(app, station.id);
  const holder = await aHolder(app, `Walker ${randomIdTag()}`);
  const day = dayFromNow(3);
  const ids: number[] = [];
  for (const hour of [8, 10, 12, 14]) {
    for (const connector of [1, 2]) ids.push(await aBooking(slots[connector]!, holder, at(day, hour), at(day, hour + 1)));
  }
  return { station, slots, holder, day, ids };
}

describe('GET /api/bookings, page by page', () => {
  it('walks every row exactly once, soonest first, with limit and cursor (Link rel=next, X-Next-Cursor)', async () => {
    const { station, ids } = await aBookedStation();
    const first = await getPage<Row>(app, `/bookings?stationId=${station.id}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(3);
    expect(first.next).toBe(`/bookings?stationId=${station.id}&limit=3&cursor=${first.nextCursor}`);

    const { rows, pages } = await walkPages<Row>(app, `/bookings?stationId=${station.id}&limit=3`);
    expect(pages).toBe(3);
    expect(rows.map((r) => r.id)).toEqual(ids); // made in the list's order
    expect([...rows].sort(soonestFirst)).toEqual(rows);
    const whole = await getPage<Row>(app, `/bookings?stationId=${station.id}&limit=8`);
    expect([whole.body.length, whole.next, whole.nextCursor]).toEqual([8, null, null]);
  });

  it('shows every row once while bookings are made between page reads: earlier ones wait for a new walk, later ones come in order', async () => {
    const { station, slots, holder, day, ids } = await aBookedStation();
    const added: number[] = [];
    const { rows } = await walkPages<Row>(app, `/bookings?stationId=${station.id}&limit=2`, async (pagesRead) => {
      if (pagesRead !== 1) return;
      // One before every row (behind the cursor: not in this walk), one after every row (still ahead).
      added.push(await aBooking(slots[1]!, holder, at(day, 6), at(day, 7)), await aBooking(slots[2]!, holder, at(day, 20), at(day, 21)));
    });
    const seen = rows.map((r) => r.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...ids, added[1]!]);
    expect((await walkPages<Row>(app, `/bookings?stationId=${station.id}&limit=2`)).rows.map((r) => r.id)).toEqual([added[0]!, ...ids, added[1]!]);
  });

  it('keeps offset for old clients; its next page is a cursor', async () => {
    const { station, ids } = await aBookedStation();
    const third = await getPage<Row>(app, `/bookings?stationId=${station.id}&limit=3&offset=3`);
    expect(third.body.map((r) => r.id)).toEqual(ids.slice(3, 6));
    expect(third.next).toBe(`/bookings?stationId=${station.id}&limit=3&cursor=${third.nextCursor}`);
    expect((await getPage<Row>(app, third.next!)).body.map((r) => r.id)).toEqual(ids.slice(6, 8));
  });
});

describe('the bookings calendar: one day of a slot or a station in one call', () => {
  it('lists the windows overlapping the day, each with the holder\'s name, the slot\'s code and the chargeBoxId', async () => {
    const { station, slots, holder, day, ids } = await aBookedStation();
    const night = await aBooking(slots[1]!, holder, at(day, -0.5), at(day, 0.5)); // began the evening before
    await aBooking(slots[1]!, holder, at(day, 24), at(day, 25)); // the next day: not in this one
    const customer = (await api(app).get(`/customers/${holder.customerId}`)).body as { name: string };
    const dayQuery = `from=${encodeURIComponent(at(day, 0))}&to=${encodeURIComponent(at(day, 24))}`;

    const ofSlot = (await api(app, viewer).get(`/bookings?slotId=${slots[1]}&${dayQuery}`)).body as Row[];
    expect(ofSlot.map((b) => b.id)).toEqual([night, ...ids.filter((_id, i) => i % 2 === 0)]);
    expect(ofSlot[0]).toMatchObject({
      id: night, code: `BK-${String(night).padStart(6, '0')}`, slotId: slots[1], customerId: holder.customerId, customerName: customer.name,
      stationId: station.id, connectorId: 1, chargeBoxId: station.chargeBoxId, slotCode: `${station.chargeBoxId}-1`,
      startsAt: at(day, -0.5), endsAt: at(day, 0.5), status: 'confirmed',
    });
    const ofStation = (await api(app, viewer).get(`/bookings?stationId=${station.id}&${dayQuery}`)).body as Row[];
    expect(ofStation.map((b) => [b.id, b.slotCode])).toEqual([night, ...ids].map((id, i) =>
      [id, `${station.chargeBoxId}-${i === 0 || i % 2 === 1 ? 1 : 2}`]));
  });
});

describe('GET /api/bookings filters', () => {
  it('q finds a booking by its code (any case, with or without the zeros) or its holder by the start of the name', async () => {
    const { station, holder, ids } = await aBookedStation();
    const idsOf = async (query: string) => (await walkPages<Row>(app, `/bookings?${query}&limit=3`)).rows.map((r) => r.id);
    const code = `BK-${String(ids[2]).padStart(6, '0')}`;
    expect(await idsOf(`q=${code}`)).toEqual([ids[2]]);
    expect(await idsOf(`q=bk${ids[2]}`)).toEqual([ids[2]]);
    const customer = (await api(app).get(`/customers/${holder.customerId}`)).body as { name: string };
    expect(await idsOf(`q=${encodeURIComponent(customer.name.toUpperCase())}`)).toEqual(ids);
    expect(await idsOf(`q=${encodeURIComponent(customer.name.slice(0, 12).toLowerCase())}&stationId=${station.id}`)).toEqual(ids);
    expect(await idsOf(`q=${encodeURIComponent(`%${customer.name.slice(1)}`)}`)).toEqual([]); // % is a character
    expect(await idsOf(`q=BK-999999999999`)).toEqual([]);
  });

  it('narrows to a slot, a holder, a status and a window, and a stationId with another station\'s slot to nothing', async () => {
    const { station, slots, holder, day, ids } = await aBookedStation();
    const other = await aBookedStation();
    const idsOf = async (query: string) => (await walkPages<Row>(app, `/bookings?${query}&limit=3`)).rows.map((r) => r.id);
    expect(await idsOf(`slotId=${slots[2]}`)).toEqual(ids.filter((_id, i) => i % 2 === 1));
    expect(await idsOf(`customerId=${holder.customerId}`)).toEqual(ids);
    expect(await idsOf(`stationId=${station.id}&slotId=${other.slots[1]}`)).toEqual([]);
    expect(await idsOf(`stationId=${station.id}&from=${encodeURIComponent(at(day, 10.5))}&to=${encodeURIComponent(at(day, 12))}`)).toEqual(ids.slice(2, 4));
    expect((await api(app).post(`/bookings/${ids[5]}/cancel`)).status).toBe(200);
    expect(await idsOf(`stationId=${station.id}&status=cancelled`)).toEqual([ids[5]]);
    expect(await idsOf(`customerId=${holder.customerId}&status=confirmed`)).toEqual(ids.filter((_id, i) => i !== 5));
  });

  it.each([
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['Ann', 1])).toString('base64url')}`, 'cursor'], // the customers list's
    [`cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 5])).toString('base64url')}&offset=3`, 'cursor'],
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'], ['offset=-1', 'offset'],
    ['status=booked', 'status'], ['reservationStatus=Maybe', 'reservationStatus'], ['slotId=1.5', 'slotId'],
    ['stationId=CP-1', 'stationId'], ['customerId=0', 'customerId'], ['from=yesterday', 'from'], ['to=2026-13-01', 'to'],
    ['q=', 'q'], [`q=${'x'.repeat(201)}`, 'q'], ['colour=red', 'colour'],
  ])('?%s is a 400 naming %s, and the list is as before', async (query, field) => {
    const before = (await api(app).get('/bookings?limit=500')).body as Row[];
    const res = await api(app).get(`/bookings?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect((await api(app).get('/bookings?limit=500')).body).toEqual(before);
  });
});
