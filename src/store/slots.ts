import { and, asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Slot } from '../domain/slots.js';
import type { Page } from '../domain/paging.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, startsWith, type PageRequest } from './keyset.js';
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

// The staff list's order: by station then connector (the unique index slots_one_per_connector). The pair is unique,
// so it is the whole key: the cursor carries it, and the id would add nothing.
const sortKey = [slots.stationId, slots.connectorId];

/** Slots by station and connector, a page at a time; of one station, or whose code starts with q (any case). */
export async function pageSlots(db: Db, f: { stationId?: number; q?: string }, p: PageRequest): Promise<Page<Slot>> {
  const where = and(
    f.stationId === undefined ? undefined : eq(slots.stationId, f.stationId),
    f.q === undefined ? undefined : startsWith(slots.code, f.q),
    afterKey(sortKey, p.cursor, 'asc'),
  );
  return readPage(p, (limit, offset) => db.select(columns).from(slots).where(where)
    .orderBy(...orderOf(sortKey, 'asc')).limit(limit).offset(offset), (s) => [s.stationId, s.connectorId]);
}
