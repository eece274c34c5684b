// One-time sign-in links: only the SHA-256 of each link's token is kept (like API tokens, schema/staff.ts).
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from './db.js';
import { signInLinks, staffAccounts } from './schema/index.js';

export async function insertSignInLink(db: Db, l: { accountId: number; tokenHash: string; expiresAt: Date }): Promise<{ id: number }> {
  const rows = await db.insert(signInLinks).values(l).returning({ id: signInLinks.id });
  return rows[0]!;
}

/**
 * Marks the link redeemed, when it is unredeemed, unexpired and its account enabled; in one statement, so two
 * redeems racing cannot both win. Returns the account it signs in, or null.
 */
export async function redeemSignInLink(db: Db, tokenHash: string, at: Date): Promise<{ accountId: number } | null> {
  const rows = await db.update(signInLinks).set({ redeemedAt: at })
    .where(and(eq(signInLinks.tokenHash, tokenHash), isNull(signInLinks.redeemedAt), gt(signInLinks.expiresAt, at)))
    .returning({ accountId: signInLinks.accountId });
  const accountId = rows[0]?.accountId;
  if (accountId === undefined) return null;
  const enabled = await db.select({ id: staffAccounts.id }).from(staffAccounts)
    .where(and(eq(staffAccounts.id, accountId), isNull(staffAccounts.disabledAt)));
  return enabled[0] ? { accountId } : null;
}
