// The MeterValues of many messages (services/meter-values-writer.ts) in ONE statement: one round trip, and
// atomic as a statement is. Data-modifying CTEs all run, on one snapshot:
//   samples → meter_values, each linked to its session when the transaction is that charger's (else unlinked);
//   readings → the sessions' live figures, only of a session still running and never back to older readings
//   (the row lock the UPDATE takes waits for a concurrent StopTransaction, then re-checks stopped_at);
// and it returns which transactions were known, and the live figures of the sessions it moved.
// Column arrays through unnest keep the statement the same whatever the number of rows.
import { sql } from 'drizzle-orm';
import type { MeterSample } from '../domain/model.js';
import type { LatestReadings } from '../domain/meter-readings.js';
import { isSerialId, type Db } from './db.js';

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
  const samples = messages.flatMap((m) => m.samples.map((s) => ({ m, s })));
  const sampleCol = <T>(f: (r: { m: GroupMessage; s: MeterSample }) => T) => sql.param(samples.map(f));
  const moving = newestPerSession(messages);
  const moveCol = <T>(f: (m: GroupMessage, r: LatestReadings) => T) => sql.param(moving.map((m) => f(m, m.readings as LatestReadings)));
  const result = await db.execute(sql`
    WITH samples AS (
      INSERT INTO meter_values (station_id, connector_id, session_id, sampled_at, measurand, value, unit, context, phase, location, format, received_at)
      SELECT t.station_id, t.connector_id, c.id, t.sampled_at, t.measurand, t.value, t.unit, t.context, t.phase, t.location, t.format,
        ${receivedAt.toISOString()}::timestamptz
      FROM unnest(${sampleCol((r) => r.m.stationId)}::int[], ${sampleCol((r) => r.m.connectorId)}::int[],
        ${sampleCol((r) => asSessionId(r.m.transactionId))}::int[], ${sampleCol((r) => r.s.sampledAt.toISOString())}::timestamptz[],
        ${sampleCol((r) => r.s.measurand)}::text[], ${sampleCol((r) => r.s.value)}::text[], ${sampleCol((r) => r.s.unit)}::text[],
        ${sampleCol((r) => r.s.context)}::text[], ${sampleCol((r) => r.s.phase)}::text[], ${sampleCol((r) => r.s.location)}::text[],
        ${sampleCol((r) => r.s.format)}::text[]) WITH ORDINALITY
        AS t(station_id, connector_id, transaction_id, sampled_at, measurand, value, unit, context, phase, location, format, ord)
      LEFT JOIN charging_sessions c ON c.id = t.transaction_id AND c.station_id = t.station_id
      ORDER BY t.ord -- ids in the order the charger sent its samples, as one INSERT per message gave them
      ON CONFLICT DO NOTHING
    ), moved AS (
      UPDATE charging_sessions c SET
        latest_meter_wh = COALESCE(v.meter_wh, c.latest_meter_wh),
        latest_power_w = COALESCE(v.power_w, c.latest_power_w),
        latest_soc_percent = COALESCE(v.soc_percent, c.latest_soc_percent),
        latest_meter_at = v.at,
        updated_at = now()
      FROM unnest(${moveCol((m) => asSessionId(m.transactionId))}::int[], ${moveCol((m) => m.stationId)}::int[],
        ${moveCol((_, r) => r.meterWh)}::bigint[], ${moveCol((_, r) => r.powerW)}::float8[], ${moveCol((_, r) => r.socPercent)}::float8[],
        ${moveCol((_, r) => r.at.toISOString())}::timestamptz[]) AS v(id, station_id, meter_wh, power_w, soc_percent, at)
      WHERE c.id = v.id AND c.station_id = v.station_id AND c.stopped_at IS NULL
        AND (c.latest_meter_at IS NULL OR c.latest_meter_at <= v.at)
      RETURNING c.id, c.station_id, c.connector_id, c.meter_start_wh, c.latest_meter_wh, c.latest_power_w, c.latest_soc_percent, c.latest_meter_at
    )
    SELECT 'known' AS kind, c.id, c.station_id, NULL::int AS connector_id, NULL::float8 AS meter_start_wh, NULL::float8 AS latest_meter_wh,
      NULL::float8 AS latest_power_w, NULL::float8 AS latest_soc_percent, NULL::float8 AS latest_meter_at_ms
    FROM charging_sessions c
    JOIN unnest(${sql.param(messages.map((m) => asSessionId(m.transactionId)))}::int[], ${sql.param(messages.map((m) => m.stationId))}::int[])
      AS m(transaction_id, station_id) ON c.id = m.transaction_id AND c.station_id = m.station_id
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
 * One UPDATE row per session: UPDATE … FROM applies just one of several rows matching the same session, so
 * the newest readings are picked here (OCPP allows one outstanding CALL per charger, so a group rarely has two).
 */
function newestPerSession(messages: GroupMessage[]): GroupMessage[] {
  const newest = new Map<string, GroupMessage>();
  for (const m of messages) {
    if (m.readings === null || asSessionId(m.transactionId) === null) continue;
    const key = `${m.transactionId}/${m.stationId}`;
    const seen = newest.get(key)?.readings;
    if (!seen || seen.at <= m.readings.at) newest.set(key, m);
  }
  return [...newest.values()];
}

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
