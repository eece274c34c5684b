import { and, asc, eq, isNull } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { ApiTokenRecord, Principal, Role, StaffAccount } from '../domain/staff.js';
import type { Db } from './db.js';
import { apiTokens, staffAccounts } from './schema/index.js';

const toAccount = (r: typeof staffAccounts.$inferSelect): StaffAccount => ({ ...r, role: r.role as Role });

export async function insertAccount(db: Db, a: { name: string; role: Role }): Promise<StaffAccount | null> {
  const rows = await db.insert(staffAccounts).values(a).onConflictDoNothing({ target: staffAccounts.name }).returning();
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function getAccount(db: Db, id: number): Promise<StaffAccount> {
  const rows = await db.select().from(staffAccounts).where(eq(staffAccounts.id, id)).limit(1);
  if (!rows[0]) throw new AppError('NotFound', `account ${id} does not exist`, { field: 'accountId' });
  return toAccount(rows[0]);
}

export async function listAccounts(db: Db): Promise<StaffAccount[]> {
  return (await db.select().from(staffAccounts).orderBy(asc(staffAccounts.id))).map(toAccount);
}

export async function updateAccount(db: Db, id: number, change: { role?: Role; disabledAt?: Date | null }): Promise<StaffAccount> {
  const rows = await db.update(staffAccounts).set(change).where(eq(staffAccounts.id, id)).returning();
  if (!rows[0]) throw new AppError('NotFound', `account ${id} does not exist`, { field: 'accountId' });
  return toAccount(rows[0]);
}

export async function insertToken(db: Db, t: { accountId: number; tokenHash: string; label: string }): Promise<ApiTokenRecord> {
  const rows = await db.insert(apiTokens).values(t).returning();
  const { tokenHash: _hash, lastUsedAt: _used, ...record } = rows[0]!;
  return record;
}

export async function listTokens(db: Db, accountId: number): Promise<ApiTokenRecord[]> {
  return db.select({
    id: apiTokens.id, accountId: apiTokens.accountId, label: apiTokens.label,
    createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt,
  }).from(apiTokens).where(eq(apiTokens.accountId, accountId)).orderBy(asc(apiTokens.id));
}

export async function revokeToken(db: Db, tokenId: number, at: Date): Promise<ApiTokenRecord> {
  const rows = await db.update(apiTokens).set({ revokedAt: at })
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning();
  if (rows[0]) {
    const { tokenHash: _hash, lastUsedAt: _used, ...record } = rows[0];
    return record;
  }
  const existing = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, tokenId));
  throw existing[0]
    ? new AppError('Conflict', `token ${tokenId} is revoked already`, { field: 'tokenId' })
    : new AppError('NotFound', `token ${tokenId} does not exist`, { field: 'tokenId' });
}

/** The principal behind a live token of an enabled account. */
export async function findPrincipalByTokenHash(db: Db, tokenHash: string): Promise<Principal | null> {
  const rows = await db.select({ accountId: staffAccounts.id, name: staffAccounts.name, role: staffAccounts.role })
    .from(apiTokens).innerJoin(staffAccounts, eq(apiTokens.accountId, staffAccounts.id))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(staffAccounts.disabledAt)))
    .limit(1);
  return rows[0] ? { ...rows[0], role: rows[0].role as Role } : null;
}
