// Connection history: when each charger came and went.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './db.js';
import { connections } from './schema/index.js';

export interface ConnectionRecord {
  id: number;
  stationId: number;
  remoteAddress: string | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  closeCode: number | null;
  closeReason: string | null;
}

export async function insertConnection(db: Db, c: { stationId: number; remoteAddress: string | null; at: Date }): Promise<number> {
  const rows = await db.insert(connections)
    .values({ stationId: c.stationId, remoteAddress: c.remoteAddress, connectedAt: c.at })
    .returning({ id: connections.id });
  return rows[0]!.id;
}

export async function closeConnection(
  db: Db, id: number, end: { at: Date; closeCode: number | null; closeReason: string },
): Promise<void> {
  await db.update(connections)
    .set({ disconnectedAt: end.at, closeCode: end.closeCode, closeReason: end.closeReason })
    .where(and(eq(connections.id, id), isNull(connections.disconnectedAt)));
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
