// The driver app's stations over a fleet of 20,000 (issue 19): ?near= reads a box of the index stations_position
// (not every station), the list by chargeBoxId one range of its unique index, and the connectors of a page's
// stations go through the slots and bookings indexes. The statements store/driver-stations.ts sends are EXPLAINed
// with their parameters; PGlite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, expectIndexed, explainPlan, seedStations } from '../../helpers/query-plans.js';
import { listDriverSlotFacts, listDriverStationPage, listStationsNear } from '../../../src/store/driver-stations.js';
import { boundingBox } from '../../../src/domain/driver-stations.js';
import type { Db } from '../../../src/store/db.js';

const FLEET = 20_000;
const TABLES = ['stations', 'connectors', 'connections', 'slots', 'bookings', 'maintenance_issues', 'charging_sessions'];

let testDb: TestDatabase;
let db: Db;
let ids: number[];

/** Stations on a grid over Europe (a 200 × 100 lattice, ~5 km apart), each with two slots, its connections; bookings on one slot in ten. */
async function seedFleet(): Promise<void> {
  ids = await seedStations(db, FLEET, 'NEAR');
  const first = ids[0]!;
  await db.execute(sql`UPDATE stations SET latitude = 40 + ((id - ${first}) / 200) * 0.05, longitude = ((id - ${first}) % 200) * 0.07
    WHERE charge_box_id LIKE 'NEAR-%'`);
  await db.execute(sql`INSERT INTO connectors (station_id, connector_id, status, error_code, status_at)
    SELECT s.id, c, 'Available', 'NoError', now() FROM stations s CROSS JOIN generate_series(1, 2) AS c WHERE s.charge_box_id LIKE 'NEAR-%'`);
  await db.execute(sql`INSERT INTO slots (station_id, connector_id, code)
    SELECT station_id, connector_id, s.charge_box_id || '-' || connector_id FROM connectors c JOIN stations s ON s.id = c.station_id
    WHERE s.charge_box_id LIKE 'NEAR-%'`);
  // A history of closed connections, and an open one for three stations in ten (online).
  await db.execute(sql`INSERT INTO connections (station_id, connected_at, disconnected_at)
    SELECT s.id, now() - n * interval '1 day', now() - n * interval '1 day' + interval '1 hour'
    FROM stations s CROSS JOIN generate_series(1, 3) AS n WHERE s.charge_box_id LIKE 'NEAR-%'`);
  await db.execute(sql`INSERT INTO connections (station_id, connected_at)
    SELECT id, now() FROM stations WHERE charge_box_id LIKE 'NEAR-%' AND id % 10 < 3`);
  const customer = await db.execute(sql`INSERT INTO customers (name) VALUES ('Plan holder') RETURNING id`);
  const customerId = (customer as unknown as { rows: Array<{ id: number }> }).rows[0]!.id;
  await db.execute(sql`INSERT INTO bookings (slot_id, customer_id, id_tag, starts_at, ends_at, created_by, created_at, updated_at)
    SELECT sl.id, ${customerId}::int, 'PLANTAG', now() + n * interval '2 hours', now() + n * interval '2 hours' + interval '1 hour', 'plan', now(), now()
    FROM slots sl CROSS JOIN generate_series(0, 2) AS n WHERE sl.id % 10 = 0`);
  await analyze(db, TABLES);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedFleet();
}, 180_000);
afterAll(() => testDb?.drop());

const center = { latitude: 45, longitude: 7 };

describe('the driver\'s stations over 20,000 stations', () => {
  it('near: a box of stations_position, nearest first, within the radius', async () => {
    const r = { center, radiusM: 20_000, box: boundingBox(center, 20_000), limit: 51 };
    const rows = await listStationsNear(db, r);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((s) => s.distanceM)).toEqual([...rows.map((s) => s.distanceM)].sort((a, b) => a - b));
    expect(Math.max(...rows.map((s) => s.distanceM))).toBeLessThanOrEqual(20_000);
    const plan = await explainPlan(db, await captureStatement(db, () => listStationsNear(db, r)));
    expectIndexed(plan, { index: 'stations_position', noSeqScanOn: ['stations', 'connections'] });
  });

  it('by chargeBoxId, after a cursor too: one range of the unique index', async () => {
    for (const cursor of [undefined, ['NEAR-12345', 1] as const]) {
      const plan = await explainPlan(db, await captureStatement(db, () => listDriverStationPage(db, { cursor, limit: 51 })));
      expectIndexed(plan, { index: ['stations_charge_box_id_unique', 'stations_charge_box_id_prefix'], noSeqScanOn: ['stations', 'connections'] });
    }
  });

  it('a page\'s connectors with their next free windows: through the slots and bookings indexes', async () => {
    const page = ids.slice(1_000, 1_050);
    const facts = await listDriverSlotFacts(db, new Date(), { stationIds: page });
    expect(facts).toHaveLength(100);
    expect(facts.filter((f) => f.freeUntil !== null).length).toBeGreaterThan(0);
    const plan = await explainPlan(db, await captureStatement(db, () => listDriverSlotFacts(db, new Date(), { stationIds: page })));
    expectIndexed(plan, { index: 'bookings_slot_window', noSeqScanOn: ['slots', 'bookings', 'stations', 'connectors'] });
  });
});
