import { and, asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Slot } from '../domain/slots.js';
import type { Db } from './db.js';
import { slots } from './schema/index.js';

const columns = { id: slots.id, stationId: slots.stationId, connectorId: slots.connectorId, code: slots.code };

export async function getSlot(db: Db, id: number): Promise<Slot> {
  const rows = await db.select(columns).from(slots).where(eq(slots.id, id)).limit(1);
  if (!rows[0]) throw new AppError('NotFound', `slot ${id} does not exist`, { field: 'slotId' });
  return rows[0];
}

export async function findSlotOf(db: Db, stationId: number, connectorId: number): Promise<Slot | null> {
  const rows = await db.select(columns).from(slots)
    .where(and(eq(slots.stationId, stationId), eq(slots.connectorId, connectorId))).limit(1);
  return rows[0] ?? null;
}

export async function listSlots(db: Db, f: { stationId?: number; stationIds?: number[]; ids?: number[] } = {}): Promise<Slot[]> {
  return db.select(columns).from(slots).where(and(
    f.stationId === undefined ? undefined : eq(slots.stationId, f.stationId),
    f.stationIds === undefined ? undefined : inArray(slots.stationId, f.stationIds),
    f.ids === undefined ? undefined : inArray(slots.id, f.ids),
  )).orderBy(asc(slots.stationId), asc(slots.connectorId));
}
