// Connection history: when each charger came and went.
import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { ConnectionRecord } from '../domain/model.js';
import type { Db } from './db.js';
import { connections } from './schema/index.js';

/** A connection opened, as the group writer takes it. */
export interface ConnectionOpened { stationId: number; remoteAddress: string | null; at: Date; nodeId: string | null }
/** A connection closed: the end of its row, and the last time its charger was seen. */
export interface ConnectionClosed {
  stationId: number; connectionId: number; lastSeenAt: Date; at: Date; closeCode: number | null; closeReason: string;
}

/**
 * Chargers connected: their connection rows and their last-seen times (never moved back), a group in ONE
 * statement (a whole fleet reconnects at once after an outage). Returns the connections' ids, in order: each
 * row takes the id drawn for its position (ord), so the mapping does not rest on the order rows are inserted.
 */
export async function recordConnections(db: Db, opened: ConnectionOpened[]): Promise<number[]> {
  const col = <T>(f: (c: ConnectionOpened) => T) => sql.param(opened.map(f));
  const result = await db.execute(sql`
    WITH c AS (
      SELECT *, nextval(pg_get_serial_sequence('connections', 'id'))::int AS id
      FROM unnest(${col((c) => c.stationId)}::int[], ${col((c) => c.remoteAddress)}::text[], ${col((c) => c.at.toISOString())}::timestamptz[],
        ${col((c) => c.nodeId)}::text[])
        WITH ORDINALITY AS c(station_id, remote_address, connected_at, node_id, ord)
    ), seen AS (
      UPDATE stations s SET last_seen_at = m.at
      FROM (SELECT station_id, max(connected_at) AS at FROM c GROUP BY station_id) m
      WHERE s.id = m.station_id AND (s.last_seen_at IS NULL OR s.last_seen_at < m.at)
    ), inserted AS (
      INSERT INTO connections (id, station_id, remote_address, connected_at, node_id)
      SELECT id, station_id, remote_address, connected_at, node_id FROM c
    )
    SELECT id, ord::int AS ord FROM c ORDER BY ord`);
  return (result as unknown as { rows: Array<{ id: number }> }).rows.map((r) => r.id);
}

/** Connections closed: the ends of their rows and their chargers' last-seen times, a group in ONE statement. */
export async function recordDisconnections(db: Db, closed: ConnectionClosed[]): Promise<void> {
  const col = <T>(f: (c: ConnectionClosed) => T) => sql.param(closed.map(f));
  await db.execute(sql`
    WITH d AS (
      SELECT * FROM unnest(${col((c) => c.connectionId)}::int[], ${col((c) => c.stationId)}::int[],
        ${col((c) => c.lastSeenAt.toISOString())}::timestamptz[], ${col((c) => c.at.toISOString())}::timestamptz[],
        ${col((c) => c.closeCode)}::int[], ${col((c) => c.closeReason)}::text[])
        AS d(connection_id, station_id, last_seen_at, disconnected_at, close_code, close_reason)
    ), seen AS (
      UPDATE stations s SET last_seen_at = m.seen
      FROM (SELECT station_id, max(last_seen_at) AS seen FROM d GROUP BY station_id) m
      WHERE s.id = m.station_id AND (s.last_seen_at IS NULL OR s.last_seen_at < m.seen)
    )
    UPDATE connections c SET disconnected_at = d.disconnected_at, close_code = d.close_code, close_reason = d.close_reason
    FROM d WHERE c.id = d.connection_id AND c.disconnected_at IS NULL`);
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
