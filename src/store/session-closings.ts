// What a staff close adds to a session's stop (services/session-closing.ts), and a late StopTransaction of a
// session staff closed (services/session-stops.ts): both one statement.
import { and, isNotNull, isNull, sql } from 'drizzle-orm';
import type { StaffClosure } from '../domain/session-closing.js';
import type { Db } from './db.js';
import { chargingSessions } from './schema/index.js';

const c = chargingSessions;

type ClosureRow = Pick<typeof c.$inferSelect, keyof StaffClosure>;

export const toStaffClosure = (r: ClosureRow): StaffClosure => ({
  closedBy: r.closedBy, closedAt: r.closedAt, closedReason: r.closedReason,
  chargerStoppedAt: r.chargerStoppedAt, chargerMeterStopWh: r.chargerMeterStopWh,
});

/** Who closed the session, when and why; in the transaction that stopped it. */
export async function recordClosure(db: Db, sessionId: number, closure: { by: string; at: Date; reason: string }): Promise<void> {
  await db.update(c).set({ closedBy: closure.by, closedAt: closure.at, closedReason: closure.reason, updatedAt: closure.at })
    .where(sql`${c.id} = ${sessionId}`);
}

/** A charger's StopTransaction of a session it did not stop itself. */
export interface ChargerStop { sessionId: number; stoppedAt: Date; meterStopWh: number }

/**
 * The charger's own stops of sessions staff closed, kept on them in ONE statement: only the first per session (a
 * resend changes nothing), only for a session staff closed. Returns the sessions that took one now.
 */
export async function recordChargerStops(db: Db, stops: ChargerStop[], at: Date): Promise<number[]> {
  if (stops.length === 0) return [];
  const col = <T>(f: (s: ChargerStop) => T) => sql.param(stops.map(f));
  const v = sql`unnest(${col((s) => s.sessionId)}::int[], ${col((s) => s.stoppedAt.toISOString())}::timestamptz[],
    ${col((s) => s.meterStopWh)}::bigint[]) as v(v_id, v_stopped_at, v_meter_stop_wh)`;
  const rows = await db.update(c).set({ chargerStoppedAt: sql`v_stopped_at`, chargerMeterStopWh: sql`v_meter_stop_wh`, updatedAt: at })
    .from(v).where(and(sql`${c.id} = v_id`, isNotNull(c.closedAt), isNull(c.chargerStoppedAt))).returning({ id: c.id });
  return rows.map((r) => r.id);
}
