import { sql } from 'drizzle-orm';
import type { IdTag, IdTagStatus } from '../domain/model.js';
import type { Db } from './db.js';
import { idTags } from './schema/index.js';

type IdTagRow = typeof idTags.$inferSelect;

const toIdTag = (r: IdTagRow): IdTag => ({
  idTag: r.idTag, status: r.status as IdTagStatus, expiryDate: r.expiryDate, parentIdTag: r.parentIdTag,
});

// OCPP idTags are CiString20: compared case-insensitively (OCPP 1.6 §2.2); stored as given.
export async function findIdTag(db: Db, idTag: string): Promise<IdTag | null> {
  const rows = await db.select().from(idTags).where(sql`lower(${idTags.idTag}) = lower(${idTag})`).limit(1);
  return rows[0] ? toIdTag(rows[0]) : null;
}

export async function insertIdTag(db: Db, t: IdTag): Promise<IdTag> {
  const rows = await db.insert(idTags).values(t).returning();
  return toIdTag(rows[0]!);
}
