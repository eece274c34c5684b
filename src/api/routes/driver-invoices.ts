// A driver's own invoices, and paying one by card (issue 19). Another driver's invoice is a 404, never a 403:
// the answer does not confirm that it exists.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { INVOICE_STATUSES, TIME_ID_CURSOR } from '../../domain/session-filters.js';
import { driverRoute, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { idempotencyKey } from '../idempotency-key.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { InvoiceDetail, InvoiceItem } from '../schemas/invoices.js';

const InvoiceId = z.object({ invoiceId: idParam('invoiceId') });
const DriverInvoiceQuery = pagedQuery(TIME_ID_CURSOR, {
  status: z.enum(INVOICE_STATUSES, { error: `status must be ${INVOICE_STATUSES.join(', ')}` }).optional(),
});
const CardPayment = z.strictObject({
  paymentToken: z.string({ error: 'paymentToken must be a string' }).min(1, 'paymentToken is required').max(500)
    .meta({ description: 'The card as the payment provider\'s client tokenised it; PAYMENT_PROVIDER=test takes test-approve, test-decline or test-unavailable' }),
});

export function driverInvoiceRoutes(s: Pick<Services, 'invoices' | 'driverPayments'>): RouteSpec[] {
  return [
    driverRoute({
      method: 'get', path: '/driver/invoices', tag: 'driver',
      summary: 'The driver\'s invoices, newest first (issuedAt, then id), a page at a time; filter by status',
      query: DriverInvoiceQuery, paged: true, response: InvoiceItem,
      handle: ({ query, driver }) => {
        const { filter, page } = splitPage(query);
        return s.invoices.list({ ...filter, customerId: driver.customerId }, page);
      },
    }),
    driverRoute({
      method: 'get', path: '/driver/invoices/:invoiceId', tag: 'driver',
      summary: 'One of the driver\'s invoices with its lines and its payment (404 for any other)',
      params: InvoiceId, response: InvoiceDetail,
      handle: ({ params, driver }) => s.driverPayments.invoice(driver, params.invoiceId),
    }),
    driverRoute({
      method: 'post', path: '/driver/invoices/:invoiceId/pay', tag: 'driver',
      summary: 'Pay one of the driver\'s unpaid invoices by card through the payment provider. Requires an Idempotency-Key '
        + 'header: the same key again gets the same answer and records nothing more. A declined card is a 402 and an '
        + 'unreachable provider a 502: nothing is recorded, the invoice stays unpaid and its session awaiting payment',
      params: InvoiceId, body: CardPayment, response: InvoiceDetail,
      async handle({ params, body, driver, req, res }) {
        const paid = await s.driverPayments.pay(driver, {
          invoiceId: params.invoiceId, paymentToken: body.paymentToken, idempotencyKey: idempotencyKey(req.header('idempotency-key')),
        });
        if (!paid.recorded) res.setHeader('idempotent-replayed', 'true');
        return paid.invoice;
      },
    }),
  ];
}
