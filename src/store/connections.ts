// Connection history: when each charger came and went.
import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { ConnectionRecord } from '../domain/model.js';
import type { Db } from './db.js';
import { connections } from './schema/index.js';

/**
 * A charger connected: its connection row and its last-seen time (never moved back), in one statement (one
 * round trip when a whole fleet reconnects at once). Returns the connection's id.
 */
export async function recordConnection(db: Db, c: { stationId: number; remoteAddress: string | null; at: Date }): Promise<number> {
  const at = c.at.toISOString();
  const result = await db.execute(sql`
    WITH seen AS (
      UPDATE stations SET last_seen_at = ${at}::timestamptz
      WHERE id = ${c.stationId} AND (last_seen_at IS NULL OR last_seen_at < ${at}::timestamptz)
    )
    INSERT INTO connections (station_id, remote_address, connected_at) VALUES (${c.stationId}, ${c.remoteAddress}, ${at}::timestamptz)
    RETURNING id`);
  return (result as unknown as { rows: Array<{ id: number }> }).rows[0]!.id;
}

/** A charger went away: the end of its connection row, and its last-seen time, in one statement. */
export async function recordDisconnection(
  db: Db, c: { stationId: number; connectionId: number; lastSeenAt: Date; at: Date; closeCode: number | null; closeReason: string },
): Promise<void> {
  const seen = c.lastSeenAt.toISOString();
  await db.execute(sql`
    WITH seen AS (
      UPDATE stations SET last_seen_at = ${seen}::timestamptz
      WHERE id = ${c.stationId} AND (last_seen_at IS NULL OR last_seen_at < ${seen}::timestamptz)
    )
    UPDATE connections SET disconnected_at = ${c.at.toISOString()}::timestamptz, close_code = ${c.closeCode}::int, close_reason = ${c.closeReason}
    WHERE id = ${c.connectionId} AND disconnected_at IS NULL`);
}

/** At start-up no charger is connected yet: whatever a killed process left open ended when it died. */
export async function closeAllOpenConnections(db: Db, end: { at: Date; closeReason: string }): Promise<number> {
  const rows = await db.update(connections)
    .set({ disconnectedAt: end.at, closeReason: end.closeReason })
    .where(isNull(connections.disconnectedAt)).returning({ id: connections.id });
  return rows.length;
}

export async function listConnections(db: Db, stationId: number, limit = 50): Promise<ConnectionRecord[]> {
  return db.select().from(connections).where(eq(connections.stationId, stationId))
    .orderBy(desc(connections.connectedAt), desc(connections.id)).limit(limit);
}
