// Invoices (viewer reads, operator pays, admin voids). Every session that stops gets one (services/invoicing.ts).
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { PAYMENT_METHODS } from '../../domain/invoices.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { idempotencyKey } from '../idempotency-key.js';
import { splitPage } from '../schemas/paged-query.js';
import { InvoiceDetail, InvoiceItem, InvoiceListQuery } from '../schemas/invoices.js';

const InvoiceId = z.object({ invoiceId: idParam('invoiceId') });

const Pay = z.strictObject({
  method: z.enum(PAYMENT_METHODS, { error: 'method must be cash, card, transfer or other' }),
  reference: z.string().trim().min(1).max(200).optional(),
});
const Void = z.strictObject({ reason: z.string().trim().min(1, 'reason is required').max(500) });

export function invoiceRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/invoices', tag: 'billing', role: 'viewer',
      summary: 'Invoices, newest first (issuedAt, then id, descending), a page at a time (limit, cursor; offset for old '
        + 'clients, not with cursor); filter by status, station, customer, session, issue time (from ≤ issuedAt < to) and '
        + 'q (an invoice number, an idTag, or the start of a chargeBoxId or a customer\'s name)',
      query: InvoiceListQuery, paged: true, response: InvoiceItem,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.invoices.list(filter, page);
      },
    }),
    route({
      method: 'get', path: '/invoices/:invoiceId', tag: 'billing', role: 'viewer',
      summary: 'One invoice with its lines (each with the unit price it used) and its payment',
      params: InvoiceId, response: InvoiceDetail, handle: ({ params }) => s.invoices.get(params.invoiceId),
    }),
    route({
      method: 'post', path: '/invoices/:invoiceId/pay', tag: 'billing', role: 'operator',
      summary: 'Record the payment of an unpaid invoice. Requires an Idempotency-Key header: the same key again gets the '
        + 'same answer and records nothing more (even concurrently); the same key with another request is a 409, as is '
        + 'paying a paid or void invoice',
      params: InvoiceId, body: Pay, response: InvoiceDetail,
      async handle({ params, body, principal, req, res }) {
        const paid = await s.invoices.pay({
          invoiceId: params.invoiceId, method: body.method, reference: body.reference ?? null,
          idempotencyKey: idempotencyKey(req.header('idempotency-key')),
        }, principal);
        if (!paid.recorded) res.setHeader('idempotent-replayed', 'true');
        return paid.invoice;
      },
    }),
    route({
      method: 'post', path: '/invoices/:invoiceId/void', tag: 'billing', role: 'admin',
      summary: 'Void an unpaid invoice, with a reason: it is no longer awaited (409 if paid or void already)',
      params: InvoiceId, body: Void, response: InvoiceItem, handle: ({ params, body, principal }) => s.invoices.void(params.invoiceId, body.reason, principal),
    }),
  ];
}
