// The charts' aggregates (issue 18), every bucket a row (zeros too), the buckets' bounds given (domain/stats-
// buckets.ts: the server's hours and days) and unnested here. Each bucket is one index range of its own:
//   energy: the sessions STOPPED in the bucket, whole (charging_sessions_stopped, migration 0016). A session's
//     energy goes to the bucket of its stop, as its invoice does: exact (the buckets add up to the sessions'
//     energy), and cheap, where spreading it over its samples would read every meter value of the range;
//   sessions: the sessions STARTED in the bucket (the sessions list's started_at index, migration 0018);
//   utilisation: the time each connector of a station had a session running, cut to each day (the index of
//     sessions led by station), rather than its status history, which holds many more rows per session.
import { sql, type SQL } from 'drizzle-orm';
import type { Bucket } from '../domain/stats-buckets.js';
import type { Db } from './db.js';

export interface EnergyFilter { stationId?: number; siteId?: number }

export interface EnergyBucket { at: Date; energyWh: number; sessions: number }

export interface ConnectorDay { at: Date; connectorId: number; busyS: number; lengthS: number }

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown): T[] => (result as Rows<T>).rows;

/** The buckets as a FROM item b(at, until), in order (n). */
const bucketsFrom = (buckets: Bucket[]): SQL => sql`unnest(${sql.param(buckets.map((b) => b.at.toISOString()))}::timestamptz[],
  ${sql.param(buckets.map((b) => b.until.toISOString()))}::timestamptz[]) WITH ORDINALITY AS b(at, until, n)`;

// A site's stations read first into an array (an InitPlan), so the sessions are found through their own index.
const filtered = (f: EnergyFilter): SQL => sql.join([
  sql`true`,
  ...(f.stationId === undefined ? [] : [sql`s.station_id = ${f.stationId}`]),
  ...(f.siteId === undefined ? [] : [sql`s.station_id = ANY(ARRAY(SELECT st.id FROM stations st WHERE st.site_id = ${f.siteId}))`]),
], sql` AND `);

export async function energyPerBucket(db: Db, buckets: Bucket[], f: EnergyFilter): Promise<EnergyBucket[]> {
  const result = await db.execute(sql`
    SELECT b.at, coalesce(e.energy_wh, 0)::float8 AS energy_wh, coalesce(st.sessions, 0)::int AS sessions
    FROM ${bucketsFrom(buckets)}
    LEFT JOIN LATERAL (SELECT sum(s.energy_wh) AS energy_wh FROM charging_sessions s
      WHERE s.stopped_at >= b.at AND s.stopped_at < b.until AND ${filtered(f)}) e ON true
    LEFT JOIN LATERAL (SELECT count(*) AS sessions FROM charging_sessions s
      WHERE s.started_at >= b.at AND s.started_at < b.until AND ${filtered(f)}) st ON true
    ORDER BY b.n`);
  return rowsOf<{ at: string | Date; energy_wh: number; sessions: number }>(result)
    .map((r) => ({ at: new Date(r.at), energyWh: Number(r.energy_wh), sessions: Number(r.sessions) }));
}

/**
 * Each outlet of the station, each day: the seconds a session ran on it (a running one until `now`), cut to the
 * day, never more than the day (two sessions left running on one connector by a lost stop overlap). The FILTER
 * leaves out the day's row of a connector with no session: greatest() and least() skip NULLs, so that row would
 * otherwise count the whole day.
 */
export async function connectorBusyPerDay(db: Db, stationId: number, days: Bucket[], now: Date): Promise<ConnectorDay[]> {
  const until = sql`coalesce(s.stopped_at, ${now.toISOString()}::timestamptz)`;
  const result = await db.execute(sql`
    SELECT b.at, c.connector_id, extract(epoch FROM b.until - b.at)::float8 AS length_s,
      least(coalesce(sum(greatest(extract(epoch FROM least(${until}, b.until) - greatest(s.started_at, b.at)), 0))
        FILTER (WHERE s.id IS NOT NULL), 0),
        extract(epoch FROM b.until - b.at))::float8 AS busy_s
    FROM ${bucketsFrom(days)}
    JOIN connectors c ON c.station_id = ${stationId} AND c.connector_id >= 1
    LEFT JOIN charging_sessions s ON s.station_id = ${stationId} AND s.connector_id = c.connector_id
      AND s.started_at < b.until AND ${until} > b.at
    GROUP BY b.n, b.at, b.until, c.connector_id
    ORDER BY b.n, c.connector_id`);
  return rowsOf<{ at: string | Date; connector_id: number; length_s: number; busy_s: number }>(result)
    .map((r) => ({ at: new Date(r.at), connectorId: Number(r.connector_id), busyS: Number(r.busy_s), lengthS: Number(r.length_s) }));
}
