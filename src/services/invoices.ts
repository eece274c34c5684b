// Invoices for staff: list, read, pay (idempotent under an Idempotency-Key), void. Events after commit.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { canSettle, type Invoice, type Payment, type PaymentMethod } from '../domain/invoices.js';
import type { Page } from '../domain/paging.js';
import type { InvoiceFilters } from '../domain/session-filters.js';
import type { PageRequest } from '../store/keyset.js';
import type { StoredPayment } from '../store/payments.js';
import type { Principal } from '../domain/staff.js';
import { AppError } from '../shared/errors.js';
import { invoiceEvent } from './invoicing.js';
import type { ServiceDeps } from './deps.js';

export interface PayInput {
  invoiceId: number;
  method: PaymentMethod;
  reference: string | null;
  idempotencyKey: string;
}

/** An invoice with the payment that settled it, if any. */
export type InvoiceDetail = Invoice & { payment: Payment | null };

export interface Paid {
  invoice: InvoiceDetail;
  /** False when this answer replays an earlier request with the same key. */
  recorded: boolean;
}

// What a key was first used for: the same key with another invoice, method or reference is refused.
const fingerprint = (p: PayInput) => JSON.stringify([p.invoiceId, p.method, p.reference]);
const publicPayment = ({ idempotencyKey: _k, requestFingerprint: _f, ...p }: StoredPayment): Payment => p;

async function withPayment(db: Db, invoice: Invoice): Promise<InvoiceDetail> {
  const payment = await store.payments.findPaymentOfInvoice(db, invoice.id);
  return { ...invoice, payment: payment ? publicPayment(payment) : null };
}

function refuse(invoice: Invoice): never {
  throw new AppError('Conflict', `invoice ${invoice.number} is ${invoice.status}`, { field: 'invoiceId', status: invoice.status });
}

/** Invoices for staff: read, pay, void; invoice.paid and invoice.voided follow their commit. */
export interface InvoiceService {
  /** Invoices by status, customer, station, session, issue time or q, paged newest first (issuedAt, id). */
  list(filters: InvoiceFilters, page: PageRequest): Promise<Page<Invoice>>;
  /** One invoice with its payment; NotFound naming invoiceId. */
  get(invoiceId: number): Promise<InvoiceDetail>;
  /**
   * Pays it in full, once per Idempotency-Key: the same request again gets the same answer (recorded false).
   * NotFound naming invoiceId; Conflict when it is paid or void, or the key was used for another request.
   */
  /** by: who took the payment (a staff account, or driver:<customerId> for the driver's own card payment). */
  pay(p: PayInput, by: Pick<Principal, 'name'>): Promise<Paid>;
  /** Admin only (api/routes/invoices.ts): no longer awaited. NotFound; Conflict when it is paid or void already. */
  void(invoiceId: number, reason: string, staff: Principal): Promise<Invoice>;
}

export function makeInvoiceService(d: ServiceDeps): InvoiceService {
  /** The same key again: the answer the first request got (same body), or a 409 if the key meant something else. */
  async function replay(earlier: StoredPayment, p: PayInput): Promise<Paid> {
    if (earlier.requestFingerprint !== fingerprint(p)) {
      throw new AppError('Conflict', 'Idempotency-Key was already used for a different payment request', { field: 'Idempotency-Key' });
    }
    return { invoice: await withPayment(d.db, await store.invoices.getInvoice(d.db, earlier.invoiceId)), recorded: false };
  }

  return {
    list: (filters: InvoiceFilters, page: PageRequest) => store.invoices.listInvoicePage(d.db, filters, page),
    get: async (invoiceId: number) => withPayment(d.db, await store.invoices.getInvoice(d.db, invoiceId)),

    async pay(p: PayInput, by: Pick<Principal, 'name'>): Promise<Paid> {
      const now = d.clock.now();
      const result = await inTransaction(d.db, async (tx): Promise<{ earlier: StoredPayment } | { paid: InvoiceDetail }> => {
        const invoice = await store.invoices.getInvoice(tx, p.invoiceId, true);
        // The key decides first (a unique constraint, waiting on a concurrent twin): a replay of a request that
        // paid must get the same answer, not "already paid".
        const attempt = await store.payments.insertPaymentOnce(tx, {
          invoiceId: invoice.id, idempotencyKey: p.idempotencyKey, requestFingerprint: fingerprint(p), method: p.method,
          reference: p.reference, amountMinor: invoice.totalMinor, currency: invoice.currency, paidBy: by.name, paidAt: now,
        });
        if ('keyUsed' in attempt) return { earlier: attempt.keyUsed };
        if ('invoicePaid' in attempt || !canSettle(invoice.status)) refuse(invoice);
        await store.invoices.markPaid(tx, invoice.id, now);
        return { paid: await withPayment(tx, await store.invoices.getInvoice(tx, invoice.id)) };
      });
      if ('earlier' in result) return replay(result.earlier, p);
      d.events.emit('invoice.paid', invoiceEvent(result.paid, now));
      return { invoice: result.paid, recorded: true };
    },

    async void(invoiceId: number, reason: string, staff: Principal): Promise<Invoice> {
      const now = d.clock.now();
      const voided = await inTransaction(d.db, async (tx) => {
        const invoice = await store.invoices.getInvoice(tx, invoiceId, true);
        if (!canSettle(invoice.status)) refuse(invoice);
        await store.invoices.markVoid(tx, invoiceId, { reason, by: staff.name, at: now });
        return store.invoices.getInvoice(tx, invoiceId);
      });
      d.events.emit('invoice.voided', invoiceEvent(voided, now));
      return voided;
    },
  };
}
