// The staff station list over a fleet of 20,000 (issue 18): each filter and order answers within one page's
// work. The statement store/station-list.ts sends is EXPLAINed with its parameters: it goes through the named
// index and reads no table whole. PGlite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, expectIndexed, explainPlan, seedStations, type PlanSummary } from '../../helpers/query-plans.js';
import { listStationPage, type StationListRead } from '../../../src/store/station-list.js';
import { listStatusHistory } from '../../../src/store/connectors.js';
import type { StationFilter } from '../../../src/domain/station-filters.js';
import type { Db } from '../../../src/store/db.js';

const FLEET = 20_000;
const TABLES = ['stations', 'connectors', 'connections', 'maintenance_issues', 'status_notifications'];

let testDb: TestDatabase;
let db: Db;
let siteId: number;

/**
 * The fleet: every station has connectors 1 and 2 (one in a thousand Faulted, one in ten Charging, the rest
 * Available), three in ten hold an open connection, one in two hundred has an open fault issue, one in a thousand
 * belongs to the site, and each was last seen at its own minute.
 * Faulted chargers are few: with one in a hundred (200 of 20,000), PostgreSQL's planner, costing a random read as a
 * disk seek (random_page_cost 4), found hashing all 20,000 stations cheaper than 200 look-ups by id (CI failed so);
 * the look-ups win again as the fleet grows.
 */
async function seedFleet(): Promise<void> {
  const ids = await seedStations(db, FLEET, 'PLAN');
  const first = ids[0]!;
  const site = await db.execute(sql`INSERT INTO sites (name, max_current_deciamps, phases, failsafe_current_deciamps)
    VALUES ('Plan site', 1000, 3, 0) RETURNING id`);
  siteId = (site as unknown as { rows: Array<{ id: number }> }).rows[0]!.id;
  await db.execute(sql`UPDATE stations SET last_seen_at = now() - (id - ${first}) * interval '1 minute',
    site_id = CASE WHEN (id - ${first}) % 1000 = 0 THEN ${siteId}::int END WHERE charge_box_id LIKE 'PLAN-%'`);
  await db.execute(sql`INSERT INTO connectors (station_id, connector_id, status, error_code, status_at)
    SELECT s.id, c, CASE WHEN s.id % 1000 = 0 THEN 'Faulted' WHEN s.id % 10 = 0 THEN 'Charging' ELSE 'Available' END,
      'NoError', now()
    FROM stations s CROSS JOIN generate_series(1, 2) AS c WHERE s.charge_box_id LIKE 'PLAN-%'`);
  // A history of closed connections (as any fleet has), and an open one for three stations in ten.
  await db.execute(sql`INSERT INTO connections (station_id, connected_at, disconnected_at)
    SELECT s.id, now() - n * interval '1 day', now() - n * interval '1 day' + interval '1 hour'
    FROM stations s CROSS JOIN generate_series(1, 3) AS n WHERE s.charge_box_id LIKE 'PLAN-%'`);
  await db.execute(sql`INSERT INTO connections (station_id, connected_at)
    SELECT id, now() FROM stations WHERE charge_box_id LIKE 'PLAN-%' AND id % 10 < 3`);
  // Issues long closed, and an open fault issue for one station in two hundred.
  await db.execute(sql`INSERT INTO maintenance_issues (station_id, connector_id, title, status, source, opened_by, opened_at, updated_at)
    SELECT id, 1, 'Faulted', CASE WHEN id % 200 = 0 THEN 'open' ELSE 'closed' END, 'fault', 'system', now(), now()
    FROM stations WHERE charge_box_id LIKE 'PLAN-%' AND id % 20 = 0`);
  // Three status reports per connector: the history the console draws each connector's timeline from.
  await db.execute(sql`INSERT INTO status_notifications (station_id, connector_id, status, error_code, received_at)
    SELECT s.id, c, 'Available', 'NoError', now() - n * interval '1 minute'
    FROM stations s CROSS JOIN generate_series(1, 2) AS c CROSS JOIN generate_series(1, 3) AS n WHERE s.charge_box_id LIKE 'PLAN-%'`);
  await analyze(db, TABLES);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedFleet();
}, 120_000);
afterAll(() => testDb?.drop());

const read = (filter: StationFilter, o: Partial<StationListRead> = {}): StationListRead =>
  ({ filter, sort: 'chargeBoxId', after: null, limit: 51, ...o });

async function planOf(r: StationListRead): Promise<PlanSummary> {
  return explainPlan(db, await captureStatement(db, () => listStationPage(db, r)));
}

const byChargeBoxId = 'stations_charge_box_id_unique';

describe('the station list over 20,000 stations', () => {
  it('seeded the fleet (the plans below are of a full table)', async () => {
    const page = await listStationPage(db, read({ q: 'plan-0000' }));
    expect(page.map((r) => r.station.chargeBoxId)).toEqual(
      Array.from({ length: 9 }, (_, i) => `PLAN-0000${i + 1}`));
    expect(page.map((r) => r.online)).toEqual(page.map((r) => r.station.id % 10 < 3));
    expect(page[0]!.connectors).toEqual([{ connectorId: 1, status: expect.any(String) }, { connectorId: 2, status: expect.any(String) }]);
  });

  it.each<[string, StationListRead, string | string[]]>([
    ['the first page', read({}), byChargeBoxId],
    ['a later page, after a cursor', read({}, { after: { sort: 'chargeBoxId', chargeBoxId: 'PLAN-12345', id: 1 } }), byChargeBoxId],
    ['q, a chargeBoxId prefix', read({ q: 'plan-0123' }), ['stations_charge_box_id_prefix', 'stations_name_prefix']],
    ['status=Charging', read({ status: 'Charging' }), [byChargeBoxId, 'connectors_status']],
    ['faulted=true', read({ faulted: true }), 'connectors_status'],
    ['online=true', read({ online: true }), [byChargeBoxId, 'connections_open_by_station']],
    ['online=false', read({ online: false }), [byChargeBoxId, 'connections_open_by_station']],
    ['maintenance=true', read({ maintenance: true }), 'maintenance_issues_open_service'],
    ['siteId', read({ siteId: 0 }), 'stations_site'],
    ['sort=-lastSeenAt', read({}, { sort: '-lastSeenAt' }), 'stations_last_seen'],
    ['sort=-lastSeenAt, a later page', read({}, { sort: '-lastSeenAt', after: { sort: '-lastSeenAt', lastSeenAt: new Date(Date.now() - 3_600_000), id: 1 } }), 'stations_last_seen'],
  ])('%s goes through its index and reads no table whole', async (_name, r, index) => {
    const plan = await planOf(r.filter.siteId === 0 ? { ...r, filter: { siteId } } : r);
    expectIndexed(plan, { index, noSeqScanOn: TABLES });
  });
});

describe('a station\'s status history among 120,000 reports', () => {
  it.each<[string, { connectorId?: number }, string]>([
    ['all its connectors', {}, 'status_notifications_station_time'],
    ['one connector', { connectorId: 1 }, 'status_notifications_station'],
  ])('%s: one range of its index, after a cursor too', async (_name, filter, index) => {
    const [stationId] = (await listStationPage(db, read({ q: 'plan-10000' }))).map((r) => r.station.id);
    for (const cursor of [undefined, [new Date(Date.now() - 120_000), 2 ** 31 - 1] as const]) {
      const page = { limit: 51, ...(cursor ? { cursor } : {}) };
      const plan = explainPlan(db, await captureStatement(db, () => listStatusHistory(db, stationId!, filter, page)));
      expectIndexed(await plan, { index, noSeqScanOn: ['status_notifications'] });
    }
  });
});
