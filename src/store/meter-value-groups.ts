// Every meter sample is written here: the MeterValues of many messages (services/meter-values-writer.ts), and a
// StopTransaction's transactionData inside its own transaction, in ONE statement: one round trip, and atomic as a
// statement is. Data-modifying CTEs all run, on one snapshot:
//   samples → meter_values, each linked to its session when the transaction is that charger's (else unlinked);
//   readings → the sessions' live figures, only of a session still running, each moved to its newest readings
//   of the group and never back to older ones (store/newest-wins.ts; the row lock the UPDATE takes waits for a
//   concurrent StopTransaction, then re-checks stopped_at);
// and it returns which transactions were known, and the live figures of the sessions it moved.
// The rows go in as three JSON parameters (positional arrays, read back with ->>): the statement text stays the
// same whatever the number of rows, and JSON.stringify took a third less of our CPU per message than pg's
// encoding of eleven column arrays did (measured on groups of 100 messages; the commit has the figures).
import { sql, type SQL } from 'drizzle-orm';
import type { MeterSample } from '../domain/model.js';
import type { LatestReadings } from '../domain/meter-readings.js';
import { isSerialId, type Db } from './db.js';
import { newestFirst, notOlderThanHeld } from './newest-wins.js';

export interface GroupMessage {
  stationId: number;
  connectorId: number;
  transactionId: number | null;
  samples: MeterSample[];
  /** The session's new live figures, when this message has any. */
  readings: LatestReadings | null;
}

export interface LiveFigures {
  sessionId: number;
  stationId: number;
  connectorId: number;
  meterStartWh: number;
  latestMeterWh: number | null;
  latestPowerW: number | null;
  latestSocPercent: number | null;
  latestMeterAt: Date;
}

export interface GroupWritten {
  /** `${transactionId}/${stationId}` of every transaction that is that charger's session. */
  known: Set<string>;
  /** The sessions whose live figures moved, as they are now. */
  moved: LiveFigures[];
}

// Transaction ids are OCPP integers; only those a serial id can be are looked up (larger ones are unknown).
const asSessionId = (id: number | null): number | null => (id !== null && isSerialId(id) ? id : null);

export async function writeMeterValueGroup(db: Db, messages: GroupMessage[], receivedAt: Date): Promise<GroupWritten> {
  const samples: unknown[][] = [];
  for (const m of messages) {
    const sessionId = asSessionId(m.transactionId);
    for (const s of m.samples) {
      samples.push([m.stationId, m.connectorId, sessionId, s.sampledAt.toISOString(), s.measurand, s.value, s.unit, s.context, s.phase, s.location, s.format]);
    }
  }
  const moving = messages.flatMap(({ transactionId, stationId, readings: r }) => (r === null || asSessionId(transactionId) === null ? []
    : [[transactionId, stationId, r.meterWh, r.powerW, r.socPercent, r.at.toISOString()]]));
  const asked = messages.map((m) => [asSessionId(m.transactionId), m.stationId]);
  const result = await db.execute(sql`
    WITH samples AS (
      INSERT INTO meter_values (station_id, connector_id, session_id, sampled_at, measurand, value, unit, context, phase, location, format, received_at)
      SELECT (t.r->>0)::int, (t.r->>1)::int, c.id, (t.r->>3)::timestamptz, t.r->>4, t.r->>5, t.r->>6, t.r->>7, t.r->>8, t.r->>9, t.r->>10,
        ${receivedAt.toISOString()}::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(samples)}::jsonb) WITH ORDINALITY AS t(r, ord)
      LEFT JOIN LATERAL (${sessionById(sql.raw('(t.r->>2)::int'), sql.raw('(t.r->>0)::int'))}) c ON true
      ORDER BY t.ord -- ids in the order the charger sent its samples, as one INSERT per message gave them
      ON CONFLICT DO NOTHING
    ), readings AS (
      -- One row per session: UPDATE … FROM would apply just one of several rows matching the same session.
      SELECT DISTINCT ON (id, station_id) (t.r->>0)::int AS id, (t.r->>1)::int AS station_id, (t.r->>2)::bigint AS meter_wh,
        (t.r->>3)::float8 AS power_w, (t.r->>4)::float8 AS soc_percent, (t.r->>5)::timestamptz AS at
      FROM jsonb_array_elements(${JSON.stringify(moving)}::jsonb) WITH ORDINALITY AS t(r, ord)
      ORDER BY id, station_id, ${newestFirst(sql.raw('(t.r->>5)::timestamptz'), sql.raw('t.ord'))}
    ), moved AS (
      UPDATE charging_sessions c SET
        latest_meter_wh = COALESCE(v.meter_wh, c.latest_meter_wh),
        latest_power_w = COALESCE(v.power_w, c.latest_power_w),
        latest_soc_percent = COALESCE(v.soc_percent, c.latest_soc_percent),
        latest_meter_at = v.at,
        updated_at = now()
      FROM readings v
      WHERE c.id = v.id AND c.station_id = v.station_id AND c.stopped_at IS NULL
        AND ${notOlderThanHeld(sql.raw('c.latest_meter_at'), sql.raw('v.at'))}
      RETURNING c.id, c.station_id, c.connector_id, c.meter_start_wh, c.latest_meter_wh, c.latest_power_w, c.latest_soc_percent, c.latest_meter_at
    )
    SELECT 'known' AS kind, c.id, c.station_id, NULL::int AS connector_id, NULL::float8 AS meter_start_wh, NULL::float8 AS latest_meter_wh,
      NULL::float8 AS latest_power_w, NULL::float8 AS latest_soc_percent, NULL::float8 AS latest_meter_at_ms
    FROM jsonb_array_elements(${JSON.stringify(asked)}::jsonb) AS m
    CROSS JOIN LATERAL (${sessionById(sql.raw('(m->>0)::int'), sql.raw('(m->>1)::int'))}) c
    UNION ALL
    SELECT 'moved', id, station_id, connector_id, meter_start_wh::float8, latest_meter_wh::float8, latest_power_w, latest_soc_percent,
      (extract(epoch FROM latest_meter_at) * 1000)::float8
    FROM moved`);
  const rows = (result as unknown as { rows: GroupRow[] }).rows;
  const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
  return {
    known: new Set(rows.filter((r) => r.kind === 'known').map((r) => `${r.id}/${r.station_id}`)),
    moved: rows.filter((r) => r.kind === 'moved').map((r) => ({
      sessionId: Number(r.id), stationId: Number(r.station_id), connectorId: Number(r.connector_id),
      meterStartWh: Number(r.meter_start_wh), latestMeterWh: num(r.latest_meter_wh), latestPowerW: num(r.latest_power_w),
      latestSocPercent: num(r.latest_soc_percent), latestMeterAt: new Date(Number(r.latest_meter_at_ms)),
    })),
  };
}

/**
 * One session by its id, if it is that charger's: a probe of the primary key per message, whatever the planner
 * believes of the table's size. Joined plainly, the planner took the group's JSON for 100 rows and the table for
 * what its last ANALYZE saw, and chose to hash the whole table at every group; the statement's plan is prepared
 * once per connection (store/prepared-statements.ts), so it kept doing so while the table grew (issue 14: 8,000
 * sequential scans of charging_sessions in a 40 s saturation run). A LIMIT keeps the subquery from being merged
 * into the join (there is one row at most: the key), so it runs per row, and for one row by its key an index scan
 * costs less than reading any table of ten pages or more (the least PostgreSQL assumes of one never vacuumed).
 */
const sessionById = (id: SQL, stationId: SQL): SQL =>
  sql`SELECT s.id, s.station_id FROM charging_sessions s WHERE s.id = ${id} AND s.station_id = ${stationId} LIMIT 1`;

interface GroupRow {
  kind: 'known' | 'moved';
  id: number | string;
  station_id: number | string;
  connector_id: number | string | null;
  meter_start_wh: number | string | null;
  latest_meter_wh: number | string | null;
  latest_power_w: number | string | null;
  latest_soc_percent: number | string | null;
  latest_meter_at_ms: number | string | null;
}
