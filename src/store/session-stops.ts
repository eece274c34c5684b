// What StopTransactions write, a group of them at once (services/session-stops.ts): the sessions locked with
// the stop tags' facts, the stops, the bookings they complete, the stops of unknown transactions. Each function
// is ONE statement whatever the number of stops (issue 14), and a lone stop is the group of one.
import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { BookingStatus, NamedBooking } from '../domain/bookings.js';
import type { ChargingSession } from '../domain/model.js';
import type { StopFacts } from '../domain/stop-groups.js';
import type { StopRequest } from '../domain/sessions.js';
import type { UnknownStop } from '../domain/charger-messages.js';
import { isSerialId, type Db } from './db.js';
import { bookings, chargingSessions, idTags, unknownTransactionStops } from './schema/index.js';
import { namedBookingColumns, toNamedBooking } from './bookings.js';
import { columnsAs, joinedRowReader, rowsOf } from './raw-rows.js';
import { toSession } from './sessions.js';
import { toIdTag } from './id-tags.js';

const c = chargingSessions;

/** The active bookings these sessions fulfilled, moved to `status`, in one statement (with their holders' names). */
export async function finishActiveBookingsOfSessions(db: Db, sessionIds: number[], status: BookingStatus, at: Date): Promise<NamedBooking[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db.update(bookings).set({ status, updatedAt: at })
    // One array parameter, not an IN list: the same statement text whatever the number of sessions.
    .where(and(sql`${bookings.sessionId} = ANY(${sql.param(sessionIds)}::int[])`, eq(bookings.status, 'active'))).returning(namedBookingColumns);
  return rows.map(toNamedBooking);
}

/** A stop as a row of the statement's JSON parameter (positional, read back with ->>, as meter-value-groups.ts). */
const asRow = (s: StopRequest): unknown[] =>
  // A transactionId outside the serial range is no session of ours (and PostgreSQL would refuse to compare it).
  [isSerialId(s.transactionId) ? s.transactionId : null, s.stationId, s.idTag];

// The lock's column lists, built once: drizzle's builder walked them at every group, 180 µs of our CPU (store/raw-rows.ts).
const LOCKED = sql.raw(columnsAs(c, 'locked', 's_'));
const TAG = sql.raw(columnsAs(idTags, 'tag', 't_'));
const readLocked = joinedRowReader(c, 's_');
const readTag = joinedRowReader(idTags, 't_');

/**
 * Every stop's session locked, with the stop tag, in ONE statement, one fact per stop in
 * the order given. The sessions are locked in id order (ORDER BY id FOR UPDATE, in a CTE that PostgreSQL does
 * not inline), so two groups sharing sessions lock them in the same order and never deadlock each other; a stop
 * and the MeterValues of its session apply one after the other. After a lock wait the row is read as committed
 * (READ COMMITTED re-reads a locked row), so a stop that another group committed meanwhile is seen stopped.
 */
export async function lockSessionsForStops(db: Db, stops: StopRequest[]): Promise<StopFacts[]> {
  const json = JSON.stringify(stops.map(asRow));
  const ids = stops.flatMap((s) => (isSerialId(s.transactionId) ? [s.transactionId] : []));
  const result = await db.execute(sql`
    WITH locked AS (
      SELECT * FROM charging_sessions s
      WHERE s.id = ANY(${sql.param(ids)}::int[])
        AND (s.id, s.station_id) IN (SELECT (a.r->>0)::int, (a.r->>1)::int FROM jsonb_array_elements(${json}::jsonb) a(r))
      ORDER BY s.id FOR UPDATE)
    SELECT req.ord, ${LOCKED}, ${TAG}
    FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS req(r, ord)
    LEFT JOIN locked ON locked.id = (req.r->>0)::int AND locked.station_id = (req.r->>1)::int
    LEFT JOIN id_tags tag ON lower(tag.id_tag) = lower(req.r->>2)
    ORDER BY req.ord`);
  return rowsOf(result).map((r): StopFacts => {
    const session = readLocked(r);
    const tag = readTag(r);
    return {
      session: session ? toSession(session) : null,
      awaitsChargerStop: session ? session.closedAt !== null && session.chargerStoppedAt === null : false,
      stopTag: tag ? toIdTag(tag) : null,
    };
  });
}

/** A session's stop as decided (domain/sessions.ts decideStop). */
export interface SessionStop {
  sessionId: number;
  meterStopWh: number;
  stoppedAt: Date;
  stopReason: string | null;
  stopIdTag: string | null;
  energyWh: number | null;
  stopAnomaly: string | null;
}

/** The stops of distinct running sessions in ONE statement (unnest); the stopped sessions in the order given. */
export async function updateSessionStops(db: Db, stops: SessionStop[], at: Date): Promise<ChargingSession[]> {
  if (stops.length === 0) return [];
  const col = <T>(f: (s: SessionStop) => T) => sql.param(stops.map(f));
  const v = sql`unnest(${col((s) => s.sessionId)}::int[], ${col((s) => s.meterStopWh)}::bigint[],
    ${col((s) => s.stoppedAt.toISOString())}::timestamptz[], ${col((s) => s.stopReason)}::text[], ${col((s) => s.stopIdTag)}::text[],
    ${col((s) => s.energyWh)}::bigint[], ${col((s) => s.stopAnomaly)}::text[])
    as v(v_id, v_meter_stop_wh, v_stopped_at, v_stop_reason, v_stop_id_tag, v_energy_wh, v_stop_anomaly)`;
  // v's columns are prefixed: drizzle leaves the updated table's columns unqualified, which must not be ambiguous.
  const rows = await db.update(c).set({
    meterStopWh: sql`v_meter_stop_wh`, stoppedAt: sql`v_stopped_at`, stopReason: sql`v_stop_reason`, stopIdTag: sql`v_stop_id_tag`,
    energyWh: sql`v_energy_wh`, stopAnomaly: sql`v_stop_anomaly`, updatedAt: at,
  }).from(v).where(and(sql`${c.id} = v_id`, isNull(c.stoppedAt))).returning(getTableColumns(c));
  const byId = new Map(rows.map((r) => [r.id, toSession(r)]));
  return stops.map((s) => {
    const stopped = byId.get(s.sessionId);
    // The caller holds the session's lock and saw it running: anything else is a bug.
    if (!stopped) throw new Error(`session ${s.sessionId} was not open when stopping it`);
    return stopped;
  });
}

/** The stops of transactions we never issued, in one statement; a repeat of one is recorded once. */
export async function insertUnknownStops(db: Db, stops: UnknownStop[]): Promise<void> {
  if (stops.length > 0) await db.insert(unknownTransactionStops).values(stops).onConflictDoNothing();
}
