// The dashboard and the charts over a fleet of 20,000 stations and 60,000 sessions (issue 18). Each attention list
// reads its first page through an index; the energy buckets and a station's utilisation read the sessions of their
// range through theirs; "online" reads only the open connection rows. The statements the store sends are EXPLAINed
// with their own parameters: a plan, not a timer. The counts are aggregates of the whole fleet by nature (each
// station and connector counted once), yet read the connections through the open ones only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, expectIndexed, explainPlan, seedStations, type PlanSummary } from '../../helpers/query-plans.js';
import { countConnectors, countStations } from '../../../src/store/dashboard.js';
import { listFaulted, listOffline } from '../../../src/store/dashboard-attention.js';
import { connectorBusyPerDay, energyPerBucket } from '../../../src/store/stats.js';
import { buckets, lastDays } from '../../../src/domain/stats-buckets.js';
import type { Db } from '../../../src/store/db.js';

const FLEET = 20_000;
const SESSIONS = 60_000;
const TABLES = ['stations', 'connectors', 'connections', 'charging_sessions'];
const NOW = new Date('2026-03-01T12:00:00Z');

let testDb: TestDatabase;
let db: Db;
let first: number;

/**
 * Every station has connectors 1 and 2 (one in a hundred Faulted), three in ten hold an open connection after a
 * history of closed ones, each was last seen at its own minute; sessions one every 1.5 minutes over the two months
 * before NOW, each 40 minutes long, one in fifty still running.
 */
async function seedFleet(): Promise<void> {
  first = (await seedStations(db, FLEET, 'DPLAN'))[0]!;
  await db.execute(sql`UPDATE stations SET last_seen_at = now() - (id - ${first}) * interval '1 minute' WHERE charge_box_id LIKE 'DPLAN-%'`);
  await db.execute(sql`INSERT INTO connectors (station_id, connector_id, status, error_code, status_at)
    SELECT s.id, c, CASE WHEN s.id % 100 = 0 THEN 'Faulted' ELSE 'Available' END, 'NoError', now()
    FROM stations s CROSS JOIN generate_series(1, 2) AS c WHERE s.charge_box_id LIKE 'DPLAN-%'`);
  await db.execute(sql`INSERT INTO connections (station_id, connected_at, disconnected_at)
    SELECT s.id, now() - n * interval '1 day', now() - n * interval '1 day' + interval '1 hour'
    FROM stations s CROSS JOIN generate_series(1, 3) AS n WHERE s.charge_box_id LIKE 'DPLAN-%'`);
  await db.execute(sql`INSERT INTO connections (station_id, connected_at)
    SELECT id, now() FROM stations WHERE charge_box_id LIKE 'DPLAN-%' AND id % 10 < 3`);
  await db.execute(sql`INSERT INTO charging_sessions (station_id, connector_id, id_tag, authorization_status, meter_start_wh,
      started_at, meter_stop_wh, stopped_at, energy_wh)
    SELECT ${first}::int + (i * 7919) % ${FLEET}::int, 1 + i % 2, 'T' || i, 'Accepted', 0,
      ${NOW.toISOString()}::timestamptz - i * interval '90 seconds',
      CASE WHEN i % 50 = 0 THEN NULL ELSE 10000 END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE ${NOW.toISOString()}::timestamptz - i * interval '90 seconds' + interval '40 minutes' END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE 10000 END
    FROM generate_series(1, ${SESSIONS}::int) AS i`);
  await analyze(db, TABLES);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedFleet();
}, 180_000);
afterAll(() => testDb?.drop());

const planOf = async (run: () => Promise<unknown>): Promise<PlanSummary> => explainPlan(db, await captureStatement(db, run));

describe('the dashboard over 20,000 stations', () => {
  it('counts the seeded fleet', async () => {
    expect(await countStations(db)).toEqual({ total: FLEET, online: FLEET * 0.3 });
    const faulted = (await listFaulted(db, 20));
    expect(faulted).toHaveLength(20);
    expect(faulted.every((f) => f.stationId % 100 === 0 && f.stationId % 10 < 3)).toBe(true);
    expect((await listOffline(db, 20)).map((s) => s.stationId)).toEqual(
      Array.from({ length: 40 }, (_, n) => first + n).filter((id) => id % 10 >= 3).slice(0, 20));
  });

  it('reads the first page of faulted connectors through connectors_status, and only the open connections', async () => {
    const plan = await planOf(() => listFaulted(db, 20));
    expectIndexed(plan, { index: 'connectors_status', noSeqScanOn: ['connectors', 'connections'] });
    expectIndexed(plan, { index: openRows, noSeqScanOn: [] });
  });

  it('reads the first page of offline stations in last-seen order (stations_last_seen), and only the open connections', async () => {
    const plan = await planOf(() => listOffline(db, 20));
    expectIndexed(plan, { index: 'stations_last_seen', noSeqScanOn: ['stations', 'connections'] });
    expectIndexed(plan, { index: openRows, noSeqScanOn: [] });
  });

  // Either partial index on the open rows serves: both hold only them.
  const openRows = ['connections_open_by_station', 'connections_open_by_node'];

  it('counts online stations and connectors reading only the open connections', async () => {
    expectIndexed(await planOf(() => countStations(db)), { index: openRows, noSeqScanOn: ['connections'] });
    expectIndexed(await planOf(() => countConnectors(db)), { index: openRows, noSeqScanOn: ['connections'] });
  });
});

describe('the charts over 60,000 sessions', () => {
  const day = buckets('hour', new Date('2026-02-27T00:00:00Z'), new Date('2026-02-28T00:00:00Z'));
  const month = buckets('day', new Date('2026-01-15T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
  if (!day.ok || !month.ok) throw new Error('the ranges are within the bounds');

  // The fleet's buckets go through the stop and start indexes; one station's through its own sessions (the index led
  // by station), which the planner prefers when the station has few.
  it.each([
    ['a day by the hour, the fleet', () => day.value, false],
    ['a day by the hour, one station', () => day.value, true],
    ['45 days by the day, the fleet', () => month.value, false],
  ] as const)('energy per bucket: %s, each bucket one index range', async (_, range, oneStation) => {
    const plan = await planOf(() => energyPerBucket(db, range(), oneStation ? { stationId: first + 7919 } : {}));
    const index = oneStation ? ['charging_sessions_station_started'] : ['charging_sessions_stopped'];
    expectIndexed(plan, { index, noSeqScanOn: ['charging_sessions'] });
    expectIndexed(plan, { index: oneStation ? index : ['charging_sessions_started'], noSeqScanOn: [] });
  });

  it('a station\'s utilisation per day through the sessions led by station', async () => {
    const plan = await planOf(() => connectorBusyPerDay(db, first + 7919, lastDays(30, NOW), NOW));
    expectIndexed(plan, { index: 'charging_sessions_station_started', noSeqScanOn: ['charging_sessions'] });
  });
});
