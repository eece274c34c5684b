// What a StopTransaction writes besides the session itself (services/sessions.ts stop()).
import { and, eq, sql } from 'drizzle-orm';
import type { Booking, BookingStatus } from '../domain/bookings.js';
import type { ChargingSession, IdTagStatus } from '../domain/model.js';
import { isSerialId, type Db } from './db.js';
import { bookings, chargingSessions, idTags } from './schema/index.js';
import { toBooking } from './bookings.js';
import { toSession } from './sessions.js';
import type { AuthorizationFacts } from './id-tags.js';

/** The active booking a session fulfilled, moved to `status`, in one statement (issue 14: a read, then a write). */
export async function finishActiveBookingOfSession(db: Db, sessionId: number, status: BookingStatus, at: Date): Promise<Booking | null> {
  const rows = await db.update(bookings).set({ status, updatedAt: at })
    .where(and(eq(bookings.sessionId, sessionId), eq(bookings.status, 'active'))).returning();
  return rows[0] ? toBooking(rows[0]) : null;
}

/** The session a StopTransaction stops, locked, with what the stop's own tag is authorized on. */
export interface SessionForStop {
  session: ChargingSession;
  /** Null when the stop names no tag or an unknown one. */
  stopTag: AuthorizationFacts | null;
}

/**
 * The session locked (a Stop and MeterValues of one session apply one after the other) and the stop's tag with
 * whether it charges elsewhere (this session aside), in one statement (issue 14: they were three). Null when
 * the transaction is not this charger's, or not one of ours.
 */
export async function findSessionForStop(db: Db, id: number, stationId: number, idTag: string | null): Promise<SessionForStop | null> {
  if (!isSerialId(id)) return null;
  const c = chargingSessions;
  const rows = await db.select({
    session: c, tag: idTags,
    chargingElsewhere: sql<boolean>`exists (select 1 from charging_sessions elsewhere where lower(elsewhere.id_tag) = lower(${idTags.idTag})
      and elsewhere.stopped_at is null and elsewhere.id <> ${c.id})`,
  }).from(c)
    .leftJoin(idTags, idTag === null ? sql`false` : sql`lower(${idTags.idTag}) = lower(${idTag})`)
    .where(and(eq(c.id, id), eq(c.stationId, stationId))).for('update', { of: c }).limit(1);
  const r = rows[0];
  if (!r) return null;
  const tag = r.tag ? { idTag: r.tag.idTag, status: r.tag.status as IdTagStatus, expiryDate: r.tag.expiryDate, parentIdTag: r.tag.parentIdTag } : null;
  return { session: toSession(r.session), stopTag: tag ? { tag, chargingElsewhere: r.chargingElsewhere } : null };
}
