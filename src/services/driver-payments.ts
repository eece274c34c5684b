// A driver pays their own invoice by card (issue 19): the provider charges first, then the payment is recorded
// through the one pay path staff use (invoices.ts: one payment per invoice, one per Idempotency-Key). A declined
// or unavailable charge records nothing: the invoice stays unpaid and the session awaiting payment.
import type { PaymentProvider } from '../domain/card-payments.js';
import type { DriverPrincipal } from '../domain/drivers.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { InvoiceDetail, InvoiceService, Paid } from './invoices.js';

export interface DriverPaymentService {
  /** The driver's own invoice; NotFound naming invoiceId for anyone else's (never Forbidden: it does not confirm it exists). */
  invoice(driver: DriverPrincipal, invoiceId: number): Promise<InvoiceDetail>;
  /** Charged through the provider and recorded once per Idempotency-Key; PaymentDeclined (402) or PaymentUnavailable (502) record nothing. */
  pay(driver: DriverPrincipal, p: { invoiceId: number; idempotencyKey: string; paymentToken: string }): Promise<Paid>;
}

export function makeDriverPaymentService(d: { invoices: InvoiceService; provider: PaymentProvider; log: Logger }): DriverPaymentService {
  const own = async (driver: DriverPrincipal, invoiceId: number): Promise<InvoiceDetail> => {
    const invoice = await d.invoices.get(invoiceId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NotFound') return null;
      throw err;
    });
    if (!invoice || invoice.customerId !== driver.customerId) {
      throw new AppError('NotFound', `invoice ${invoiceId} does not exist`, { field: 'invoiceId' });
    }
    return invoice;
  };

  return {
    invoice: own,

    async pay(driver, p) {
      const invoice = await own(driver, p.invoiceId);
      // Not charged again for an invoice settled already: the pay path answers a replay of this key, or refuses.
      if (invoice.status === 'unpaid') {
        const charged = await d.provider.charge({
          invoiceId: invoice.id, amountMinor: invoice.totalMinor, currency: invoice.currency,
          idempotencyKey: p.idempotencyKey, paymentToken: p.paymentToken,
        });
        d.log.info({ invoiceId: invoice.id, customerId: driver.customerId, provider: d.provider.name, outcome: charged.outcome }, 'driver card payment');
        if (charged.outcome === 'declined') throw new AppError('PaymentDeclined', charged.reason, { invoiceId: invoice.id });
        if (charged.outcome === 'unavailable') throw new AppError('PaymentUnavailable', charged.reason, { invoiceId: invoice.id });
        return d.invoices.pay({ invoiceId: invoice.id, method: 'card', reference: charged.reference, idempotencyKey: p.idempotencyKey },
          { name: `driver:${driver.customerId}` });
      }
      return d.invoices.pay({ invoiceId: invoice.id, method: 'card', reference: invoice.payment?.reference ?? null, idempotencyKey: p.idempotencyKey },
        { name: `driver:${driver.customerId}` });
    },
  };
}
