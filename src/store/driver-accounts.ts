// Driver accounts and their tokens. Signing up writes the customer, the app's id tag and the account in one
// transaction; the email's uniqueness is the database's (driver_accounts_email_ci), never a check-then-write.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DriverAccount, DriverPrincipal } from '../domain/drivers.js';
import { inTransaction, pgErrorCode, type Db } from './db.js';
import { customers, idTags } from './schema/index.js';
import { driverAccounts, driverTokens } from './schema/index.js';

export interface NewDriver {
  name: string;
  email: string;
  passwordHash: string;
  appIdTag: string;
}

/** The new account, or null when an account has this email already (whatever its case). */
export async function insertDriver(db: Db, d: NewDriver): Promise<DriverAccount | null> {
  try {
    return await inTransaction(db, async (tx) => {
      const [customer] = await tx.insert(customers).values({ name: d.name, email: d.email }).returning();
      return insertAccountOf(tx, customer!, d);
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && violatedConstraint(err) === 'driver_accounts_email_ci') return null;
    throw err;
  }
}

/**
 * A customer's driver account with a new app id tag of its own (sign-up, and an accepted invitation: an invited
 * customer's RFID tags stay theirs). Inside the caller's transaction.
 */
export async function insertAccountOf(
  tx: Db, customer: { id: number; name: string }, a: { email: string; passwordHash: string; appIdTag: string },
): Promise<DriverAccount> {
  const [tag] = await tx.insert(idTags).values({ idTag: a.appIdTag, customerId: customer.id, status: 'Accepted' }).returning();
  const [account] = await tx.insert(driverAccounts)
    .values({ customerId: customer.id, email: a.email, passwordHash: a.passwordHash, appIdTagId: tag!.id }).returning();
  return {
    customerId: customer.id, name: customer.name, email: account!.email, appIdTag: tag!.idTag, appIdTagId: tag!.id, createdAt: account!.createdAt,
  };
}

/** The constraint a PostgreSQL error names (pg and PGlite both carry it, drizzle wraps it as the cause). */
export function violatedConstraint(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; cause?: { constraint?: unknown } } | null;
  const name = e?.cause?.constraint ?? e?.constraint;
  return typeof name === 'string' ? name : undefined;
}

const accountColumns = {
  customerId: driverAccounts.customerId, name: customers.name, email: driverAccounts.email,
  appIdTag: idTags.idTag, appIdTagId: idTags.id, createdAt: driverAccounts.createdAt,
};

/** An enabled account by email (any case), with its password hash for the login's check. */
export async function findDriverForLogin(db: Db, email: string): Promise<(DriverAccount & { passwordHash: string }) | null> {
  const rows = await db.select({ ...accountColumns, passwordHash: driverAccounts.passwordHash })
    .from(driverAccounts)
    .innerJoin(customers, eq(customers.id, driverAccounts.customerId))
    .innerJoin(idTags, eq(idTags.id, driverAccounts.appIdTagId))
    .where(and(sql`lower(${driverAccounts.email}) = ${email.toLowerCase()}`, isNull(driverAccounts.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getDriver(db: Db, customerId: number): Promise<DriverAccount | null> {
  const rows = await db.select(accountColumns).from(driverAccounts)
    .innerJoin(customers, eq(customers.id, driverAccounts.customerId))
    .innerJoin(idTags, eq(idTags.id, driverAccounts.appIdTagId))
    .where(eq(driverAccounts.customerId, customerId)).limit(1);
  return rows[0] ?? null;
}

export async function insertDriverToken(db: Db, t: { customerId: number; tokenHash: string; expiresAt: Date }): Promise<{ id: number; expiresAt: Date }> {
  const [row] = await db.insert(driverTokens).values(t).returning({ id: driverTokens.id, expiresAt: driverTokens.expiresAt });
  return row!;
}

/** The driver a token stands for: not revoked, not expired, the account enabled; else null. */
export async function findDriverByTokenHash(db: Db, tokenHash: string, now: Date): Promise<DriverPrincipal | null> {
  const rows = await db.select({ customerId: driverTokens.customerId, name: customers.name, tokenId: driverTokens.id })
    .from(driverTokens)
    .innerJoin(driverAccounts, eq(driverAccounts.customerId, driverTokens.customerId))
    .innerJoin(customers, eq(customers.id, driverTokens.customerId))
    .where(and(eq(driverTokens.tokenHash, tokenHash), isNull(driverTokens.revokedAt), gt(driverTokens.expiresAt, now),
      isNull(driverAccounts.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** Revoked as of now; false when it was revoked already. */
export async function revokeDriverToken(db: Db, tokenId: number, now: Date): Promise<boolean> {
  const rows = await db.update(driverTokens).set({ revokedAt: now })
    .where(and(eq(driverTokens.id, tokenId), isNull(driverTokens.revokedAt))).returning({ id: driverTokens.id });
  return rows.length > 0;
}
