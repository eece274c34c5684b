import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { IdTag, IdTagRecord, IdTagStatus } from '../domain/model.js';
import type { Page } from '../domain/paging.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, startsWith, type PageRequest } from './keyset.js';
import { idTags } from './schema/index.js';

type IdTagRow = typeof idTags.$inferSelect;

export type NewIdTag = IdTag & { customerId: number | null };
export type IdTagChange = Partial<Omit<NewIdTag, 'idTag'>>;

export interface IdTagFilter {
  customerId?: number;
  status?: IdTagStatus;
  /** The tag text, without regard to case. */
  idTag?: string;
  /** The start of the tag text, without regard to case (index id_tags_prefix). */
  q?: string;
}

/** A row of id_tags as the domain's IdTag (also the tag a start or a stop reads with its facts). */
export const toIdTag = (r: IdTagRow): IdTag => ({
  idTag: r.idTag, status: r.status as IdTagStatus, expiryDate: r.expiryDate, parentIdTag: r.parentIdTag,
});
const toRecord = (r: IdTagRow): IdTagRecord => ({
  id: r.id, ...toIdTag(r), customerId: r.customerId, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

const notFound = (id: number) => new AppError('NotFound', `id tag ${id} does not exist`, { field: 'idTagId' });

// OCPP idTags are CiString20: compared case-insensitively (OCPP 1.6 §2.2); stored as given.
const sameTag = (idTag: string) => sql`lower(${idTags.idTag}) = lower(${idTag})`;

export async function findIdTag(db: Db, idTag: string): Promise<IdTag | null> {
  const rows = await db.select().from(idTags).where(sameTag(idTag)).limit(1);
  return rows[0] ? toIdTag(rows[0]) : null;
}

/**
 * Many tags in ONE statement (Authorize in groups, services/id-tags.ts), by the text each was asked
 * with; an unknown tag is absent. Each asked text meets at most one tag (the unique index on lower(id_tag)).
 */
export async function findIdTagsGroup(db: Db, asked: string[]): Promise<Map<string, IdTag>> {
  const rows = await db.select({
    asked: sql<string>`asked.t`,
    idTag: idTags.idTag, status: idTags.status, expiryDate: idTags.expiryDate, parentIdTag: idTags.parentIdTag,
  }).from(sql`jsonb_array_elements_text(${JSON.stringify([...new Set(asked)])}::jsonb) as asked(t)`)
    .innerJoin(idTags, sql`lower(${idTags.idTag}) = lower(asked.t)`);
  return new Map(rows.map((r) => [r.asked,
    { idTag: r.idTag, status: r.status as IdTagStatus, expiryDate: r.expiryDate, parentIdTag: r.parentIdTag }]));
}

/** Inserts, or returns null when the tag exists already in any case (the unique index on lower(id_tag)). */
export async function insertIdTag(db: Db, t: NewIdTag, at: Date): Promise<IdTagRecord | null> {
  const rows = await db.insert(idTags).values({ ...t, createdAt: at, updatedAt: at }).onConflictDoNothing().returning();
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function getIdTag(db: Db, id: number): Promise<IdTagRecord> {
  const rows = await db.select().from(idTags).where(eq(idTags.id, id)).limit(1);
  if (!rows[0]) throw notFound(id);
  return toRecord(rows[0]);
}

/** Locks the tag: changes and deletes of one tag, and of tags naming it as their parent, go one at a time. */
export async function getIdTagForUpdate(db: Db, id: number): Promise<IdTagRecord> {
  const rows = await db.select().from(idTags).where(eq(idTags.id, id)).for('update').limit(1);
  if (!rows[0]) throw notFound(id);
  return toRecord(rows[0]);
}

/** The tag named as a parent, locked against a concurrent delete (it checks for children under FOR UPDATE). */
export async function findIdTagForLink(db: Db, idTag: string): Promise<IdTagRecord | null> {
  const rows = await db.select().from(idTags).where(sameTag(idTag)).for('key share').limit(1);
  return rows[0] ? toRecord(rows[0]) : null;
}

// The list's order: the tag text as stored, then id (indexes id_tags_id_tag_id, id_tags_customer, id_tags_status).
const sortKey = [idTags.idTag, idTags.id];

/** Tags by their text, a page at a time. */
export async function listIdTags(db: Db, f: IdTagFilter, p: PageRequest): Promise<Page<IdTagRecord>> {
  const where = and(
    f.customerId === undefined ? undefined : eq(idTags.customerId, f.customerId),
    f.status === undefined ? undefined : eq(idTags.status, f.status),
    f.idTag === undefined ? undefined : sameTag(f.idTag),
    f.q === undefined ? undefined : startsWith(idTags.idTag, f.q),
    afterKey(sortKey, p.cursor, 'asc'),
  );
  return readPage(p, async (limit, offset) => (await db.select().from(idTags).where(where)
    .orderBy(...orderOf(sortKey, 'asc')).limit(limit).offset(offset)).map(toRecord), (t) => [t.idTag, t.id]);
}

/** Every tag of one customer, for the customer's detail. */
export async function listCustomerTags(db: Db, customerId: number): Promise<IdTagRecord[]> {
  const rows = await db.select().from(idTags).where(eq(idTags.customerId, customerId)).orderBy(asc(idTags.id));
  return rows.map(toRecord);
}

export async function countCustomerTags(db: Db, customerId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(idTags).where(eq(idTags.customerId, customerId));
  return rows[0]?.n ?? 0;
}

/** Other tags that name this one as their parent. */
export async function countChildTags(db: Db, tag: Pick<IdTagRecord, 'id' | 'idTag'>): Promise<number> {
  const rows = await db.select({ n: count() }).from(idTags)
    .where(and(sql`lower(${idTags.parentIdTag}) = lower(${tag.idTag})`, ne(idTags.id, tag.id)));
  return rows[0]?.n ?? 0;
}

export async function updateIdTag(db: Db, id: number, change: IdTagChange, at: Date): Promise<IdTagRecord> {
  const rows = await db.update(idTags).set({ ...change, updatedAt: at }).where(eq(idTags.id, id)).returning();
  if (!rows[0]) throw notFound(id);
  return toRecord(rows[0]);
}

export async function deleteIdTag(db: Db, id: number): Promise<void> {
  const rows = await db.delete(idTags).where(eq(idTags.id, id)).returning({ id: idTags.id });
  if (!rows[0]) throw notFound(id);
}
