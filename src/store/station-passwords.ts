// A station's AuthorizationKey hashes through a rotation (services/authorization-keys.ts): the current one, the
// previous one (still valid until the charger's first connection with the current one) and a pending one (sent
// to an offline charger when it comes back; valid only once it accepts). Each change is one statement, so a
// handshake reading the row between two of them never sees a half-made rotation.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Db } from './db.js';
import { stations } from './schema/index.js';

const notFound = (id: number) => new AppError('NotFound', `station ${id} does not exist`, { field: 'stationId' });

/** The charger accepted a new key: it becomes current, the current one becomes previous, any pending one goes. */
export async function acceptNewPassword(db: Db, id: number, newHash: string, at: Date): Promise<void> {
  const rows = await db.update(stations)
    .set({ previousPasswordHash: sql`${stations.passwordHash}`, passwordHash: newHash, pendingPasswordHash: null, updatedAt: at })
    .where(eq(stations.id, id)).returning({ id: stations.id });
  if (!rows[0]) throw notFound(id);
}

/** As acceptNewPassword, for the pending key the charger just accepted; false when another rotation replaced it. */
export async function acceptPendingPassword(db: Db, id: number, pendingHash: string, at: Date): Promise<boolean> {
  const rows = await db.update(stations)
    .set({ previousPasswordHash: sql`${stations.passwordHash}`, passwordHash: pendingHash, pendingPasswordHash: null, updatedAt: at })
    .where(and(eq(stations.id, id), eq(stations.pendingPasswordHash, pendingHash))).returning({ id: stations.id });
  return rows.length > 0;
}

/** A new key for a charger that is offline: kept beside the current one until the charger accepts it. */
export async function setPendingPassword(db: Db, id: number, pendingHash: string, at: Date): Promise<void> {
  const rows = await db.update(stations).set({ pendingPasswordHash: pendingHash, updatedAt: at })
    .where(eq(stations.id, id)).returning({ id: stations.id });
  if (!rows[0]) throw notFound(id);
}

/** The charger refused the pending key: it goes, unless another rotation replaced it meanwhile. */
export async function clearPendingPassword(db: Db, id: number, pendingHash: string): Promise<void> {
  await db.update(stations).set({ pendingPasswordHash: null })
    .where(and(eq(stations.id, id), eq(stations.pendingPasswordHash, pendingHash)));
}

/** A station without a key gets its first one: nothing to rotate. */
export async function setFirstPassword(db: Db, id: number, hash: string, at: Date): Promise<void> {
  const rows = await db.update(stations)
    .set({ passwordHash: hash, previousPasswordHash: null, pendingPasswordHash: null, updatedAt: at })
    .where(eq(stations.id, id)).returning({ id: stations.id });
  if (!rows[0]) throw notFound(id);
}

/** The charger connected with its current key: the previous one stops working. */
export async function dropPreviousPassword(db: Db, id: number): Promise<void> {
  await db.update(stations).set({ previousPasswordHash: null })
    .where(and(eq(stations.id, id), isNotNull(stations.previousPasswordHash)));
}
