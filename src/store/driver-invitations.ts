// Staff invitations to the driver app (issue 19): only each link's SHA-256 is kept. Accepting one spends it and
// makes the customer's driver account in one transaction; the spending is one conditional UPDATE, so two accepts
// of one link racing cannot both win (the second waits for the first's row lock, then finds it accepted).
import { and, eq, gt, isNull, notExists, sql } from 'drizzle-orm';
import { normalEmail, type DriverAccount } from '../domain/drivers.js';
import { inTransaction, pgErrorCode, type Db } from './db.js';
import { customers, driverAccounts, driverInvitations } from './schema/index.js';
import { insertAccountOf, violatedConstraint } from './driver-accounts.js';

export interface NewDriverInvitation {
  customerId: number;
  tokenHash: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertInvitation(db: Db, i: NewDriverInvitation): Promise<{ id: number; expiresAt: Date }> {
  const [row] = await db.insert(driverInvitations).values(i)
    .returning({ id: driverInvitations.id, expiresAt: driverInvitations.expiresAt });
  return row!;
}

// An invitation works while unaccepted, unexpired, and its customer has no account yet (an older invitation of a
// customer who accepted a newer one is spent too).
const usable = (db: Db, tokenHash: string, at: Date) => and(
  eq(driverInvitations.tokenHash, tokenHash), isNull(driverInvitations.acceptedAt), gt(driverInvitations.expiresAt, at),
  // Correlated: drizzle qualifies the outer column ("driver_invitations"."customer_id").
  notExists(db.select({ one: sql`1` }).from(driverAccounts).where(eq(driverAccounts.customerId, driverInvitations.customerId))),
);

/** Who a usable invitation is for (the app greets them), or null: unknown, accepted, expired, or has an account. */
export async function findUsableInvitation(db: Db, tokenHash: string, at: Date): Promise<{ customerName: string; email: string | null } | null> {
  const rows = await db.select({ customerName: customers.name, email: customers.email }).from(driverInvitations)
    .innerJoin(customers, eq(customers.id, driverInvitations.customerId))
    .where(usable(db, tokenHash, at)).limit(1);
  return rows[0] ?? null;
}

/** Staff delete a customer: their invitations go with them (they only ever pointed at this customer). */
export async function deleteCustomerInvitations(db: Db, customerId: number): Promise<void> {
  await db.delete(driverInvitations).where(eq(driverInvitations.customerId, customerId));
}

export interface InvitationAcceptance {
  tokenHash: string;
  at: Date;
  /** The email the invitee gave (normalised); null: the customer's own. */
  email: string | null;
  passwordHash: string;
  appIdTag: string;
}

export type AcceptOutcome =
  | { kind: 'accepted'; account: DriverAccount }
  /** Unknown, accepted, expired, or its customer has an account: one outcome, so a guesser learns nothing. */
  | { kind: 'unusable' }
  /** Neither the invitee nor the customer record gives an email. */
  | { kind: 'email_required' }
  /** Another account has this email. */
  | { kind: 'email_taken' }
  /** A concurrent acceptance of another invitation of the same customer made the account first. */
  | { kind: 'has_account' };

/** Thrown inside the transaction to roll it back with an outcome. */
class Refusal extends Error {
  constructor(readonly outcome: AcceptOutcome) { super(outcome.kind); }
}

/** Spends the invitation and makes the account (the customer's, with a new app id tag), or changes nothing. */
export async function acceptInvitation(db: Db, a: InvitationAcceptance): Promise<AcceptOutcome> {
  try {
    return { kind: 'accepted', account: await inTransaction(db, (tx) => spendAndMakeAccount(tx, a)) };
  } catch (err) {
    if (err instanceof Refusal) return err.outcome;
    if (pgErrorCode(err) === '23505') {
      const constraint = violatedConstraint(err);
      if (constraint === 'driver_accounts_email_ci') return { kind: 'email_taken' };
      if (constraint === 'driver_accounts_pkey') return { kind: 'has_account' };
    }
    throw err;
  }
}

async function spendAndMakeAccount(tx: Db, a: InvitationAcceptance): Promise<DriverAccount> {
  const [spent] = await tx.update(driverInvitations).set({ acceptedAt: a.at }).where(usable(tx, a.tokenHash, a.at))
    .returning({ customerId: driverInvitations.customerId });
  if (!spent) throw new Refusal({ kind: 'unusable' });
  const [customer] = await tx.select().from(customers).where(eq(customers.id, spent.customerId)).for('update');
  const email = a.email ?? (customer!.email === null ? null : normalEmail(customer!.email));
  if (email === null) throw new Refusal({ kind: 'email_required' });
  const account = await insertAccountOf(tx, customer!, { email, passwordHash: a.passwordHash, appIdTag: a.appIdTag });
  // Staff see the address the driver signs in with, where the record had none.
  if (customer!.email === null) await tx.update(customers).set({ email, updatedAt: a.at }).where(eq(customers.id, customer!.id));
  return account;
}
