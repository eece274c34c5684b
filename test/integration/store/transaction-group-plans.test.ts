// The grouped transaction statements look a session up by its key, per message, whatever the planner believes of
// charging_sessions (issue 14). Joined plainly, the planner took a group's JSON for 100 rows and chose to hash
// the whole table at every group while it was a few thousand rows: in a saturation run, 8,000 sequential scans of
// charging_sessions in 40 s, and the plan stays so on each pooled connection (store/prepared-statements.ts).
// Here the table holds 2,000 sessions, analysed; each group statement is EXPLAINed with its own parameters. The same
// holds for the StatusNotification group's stations and connectors (its reports are one JSON parameter too) and for
// the StopTransaction group's update, over a fleet with sessions running, and for the status histories its idle fees
// are priced on, over connectors with a long history. A plan, not a timer. PGlite and PostgreSQL
// alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, explainPlan, seedStations, sqlRows } from '../../helpers/query-plans.js';
import { writeMeterValueGroup, type GroupMessage } from '../../../src/store/meter-value-groups.js';
import { loadStartFactsGroup } from '../../../src/store/session-starts.js';
import { recordStatusReports } from '../../../src/store/connectors.js';
import { updateSessionStops } from '../../../src/store/session-stops.js';
import { listStatusHistories } from '../../../src/store/billing-views.js';
import type { Db } from '../../../src/store/db.js';

let testDb: TestDatabase;
let db: Db;
let stationIds: number[];
let sessions: Array<{ id: number; station_id: number }>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  stationIds = await seedStations(db, 1_000, 'GRP');
  // Two finished sessions per station, as a day of charging leaves them.
  await db.execute(sql`INSERT INTO charging_sessions (station_id, connector_id, id_tag, authorization_status, meter_start_wh, started_at, meter_stop_wh, stopped_at)
    SELECT s.id, c, 'TAG' || s.id, 'Accepted', 1000, now() - interval '2 hours', 9000, now() - interval '1 hour'
    FROM stations s CROSS JOIN generate_series(1, 2) AS c WHERE s.charge_box_id LIKE 'GRP-%'`);
  sessions = await sqlRows(db, sql`SELECT id, station_id FROM charging_sessions ORDER BY id LIMIT 3`);
  // Every station's two connectors reported once, as a fleet that has booted.
  await db.execute(sql`INSERT INTO connectors (station_id, connector_id, status, error_code, status_at)
    SELECT s.id, c, 'Available', 'NoError', now() FROM stations s CROSS JOIN generate_series(1, 2) AS c WHERE s.charge_box_id LIKE 'GRP-%'`);
  await analyze(db, ['stations', 'charging_sessions', 'connectors']);
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

describe('grouped transaction statements', () => {
  it('a MeterValues group probes charging_sessions by its primary key, never reads it whole', async () => {
    const messages: GroupMessage[] = sessions.map((s) => ({
      stationId: s.station_id, connectorId: 1, transactionId: s.id,
      samples: [{ sampledAt: new Date(), measurand: 'Energy.Active.Import.Register', value: '1234', unit: 'Wh', context: 'Sample.Periodic', phase: null, location: null, format: null }],
      readings: null,
    }));
    const statement = await captureStatement(db, () => writeMeterValueGroup(db, messages, new Date()));
    const plan = await explainPlan(db, statement);
    expect(plan.seqScans, plan.text).not.toContain('charging_sessions');
    expect(plan.indexes, plan.text).toContain('charging_sessions_pkey');
  });

  it('a StartTransaction group finds a resent start by its start key, never reads charging_sessions whole', async () => {
    const starts = stationIds.slice(0, 3).map((stationId) => ({
      stationId, connectorId: 1, idTag: `TAG${stationId}`, startedAt: new Date(), meterStartWh: 500, reservationId: null,
    }));
    const statement = await captureStatement(db, () => loadStartFactsGroup(db, starts));
    const plan = await explainPlan(db, statement);
    expect(plan.seqScans, plan.text).not.toContain('charging_sessions');
    expect(plan.indexes, plan.text).toContain('charging_sessions_start_once');
  });

  it('a StatusNotification group reads stations and connectors by key, never whole, its rows in one JSON parameter', async () => {
    const reports = stationIds.slice(0, 3).map((stationId) => ({
      report: { stationId, connectorId: 1, status: 'Charging' as const, errorCode: 'NoError', info: null, vendorId: null, vendorErrorCode: null,
        chargerTimestamp: null, receivedAt: new Date() },
      createSlot: true, fault: null,
    }));
    const statement = await captureStatement(db, () => recordStatusReports(db, reports));
    expect(statement.params).toHaveLength(1);
    const plan = await explainPlan(db, statement);
    expect(plan.seqScans, plan.text).not.toContain('stations');
    expect(plan.seqScans, plan.text).not.toContain('connectors');
  });

  it('a StopTransaction group stops its sessions by their primary key, never reads charging_sessions whole', async () => {
    // A session running on every station's third connector, analysed: a fleet charging, not a table of the finished.
    const running = await sqlRows<{ id: number }>(db, sql`INSERT INTO charging_sessions (station_id, connector_id, id_tag, authorization_status,
      meter_start_wh, started_at) SELECT id, 3, 'RUNNING' || id, 'Accepted', 1000, now() FROM stations WHERE charge_box_id LIKE 'GRP-%'
      ORDER BY id RETURNING id`);
    await analyze(db, ['charging_sessions']);
    const stops = running.slice(0, 3).map(({ id }) => ({
      sessionId: id, meterStopWh: 9_500, stoppedAt: new Date(), stopReason: 'Local', stopIdTag: null, energyWh: 8_500, stopAnomaly: null,
    }));
    const statement = await captureStatement(db, () => updateSessionStops(db, stops, new Date()));
    const plan = await explainPlan(db, statement);
    expect(plan.seqScans, plan.text).not.toContain('charging_sessions');
    expect(plan.indexes, plan.text).toContain('charging_sessions_pkey');
  });

  it("a StopTransaction group's status histories read a range of each connector's reports, never its whole history", async () => {
    // Forty reports on each connector, an hour apart, half with the charger's own timestamp: two days of sessions.
    await db.execute(sql`INSERT INTO status_notifications (station_id, connector_id, status, error_code, charger_timestamp, received_at)
      SELECT s.id, c, 'Available', 'NoError', CASE WHEN n % 2 = 0 THEN now() - n * interval '1 hour' END, now() - n * interval '1 hour'
      FROM stations s CROSS JOIN generate_series(1, 2) AS c CROSS JOIN generate_series(1, 40) AS n WHERE s.charge_box_id LIKE 'GRP-%'`);
    await analyze(db, ['status_notifications']);
    const ranges = stationIds.slice(0, 3).map((stationId) => ({
      stationId, connectorId: 1, from: new Date(Date.now() - 3 * 3_600_000), to: new Date(Date.now() - 3_600_000),
    }));
    const statement = await captureStatement(db, () => listStatusHistories(db, ranges));
    const plan = await explainPlan(db, statement);
    expect(plan.seqScans, plan.text).not.toContain('status_notifications');
    expect(plan.indexes, plan.text).toEqual(['status_notifications_connector_time', 'status_notifications_connector_time']);
  });
});
