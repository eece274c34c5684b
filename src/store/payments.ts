// Payments: one per invoice, one per Idempotency-Key. Both rules are unique constraints, so two concurrent
// requests cannot both pay: the second waits on the first's uncommitted row, then finds it.
import { eq } from 'drizzle-orm';
import type { Payment, PaymentMethod } from '../domain/invoices.js';
import { pgErrorCode, type Db } from './db.js';
import { payments } from './schema/index.js';

type PaymentRow = typeof payments.$inferSelect;
export interface StoredPayment extends Payment {
  idempotencyKey: string;
  requestFingerprint: string;
}
const toPayment = (r: PaymentRow): StoredPayment => ({ ...r, method: r.method as PaymentMethod });

export type NewPayment = Omit<StoredPayment, 'id'>;

/**
 * inserted: this request recorded the payment. keyUsed: the key was used before (the earlier payment).
 * invoicePaid: another key already paid this invoice.
 */
export async function insertPaymentOnce(db: Db, p: NewPayment):
  Promise<{ inserted: StoredPayment } | { keyUsed: StoredPayment } | { invoicePaid: true }> {
  try {
    // A savepoint: a refusal by the invoice's unique constraint leaves the caller's transaction usable.
    const rows = await db.transaction((tx) =>
      tx.insert(payments).values(p).onConflictDoNothing({ target: payments.idempotencyKey }).returning());
    if (rows[0]) return { inserted: toPayment(rows[0]) };
  } catch (err) {
    if (pgErrorCode(err) !== '23505') throw err;
    return { invoicePaid: true };
  }
  const earlier = await db.select().from(payments).where(eq(payments.idempotencyKey, p.idempotencyKey));
  return { keyUsed: toPayment(earlier[0]!) };
}

export async function findPaymentOfInvoice(db: Db, invoiceId: number): Promise<StoredPayment | null> {
  const rows = await db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  return rows[0] ? toPayment(rows[0]) : null;
}
