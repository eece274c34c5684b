// The invoices list's query (its filters are also the invoices export's) and the invoice as the API sends it.
import { z } from 'zod';
import { INVOICE_STATUSES, TIME_ID_CURSOR } from '../../domain/session-filters.js';
import { PAYMENT_METHODS } from '../../domain/invoices.js';
import { idQuery, isoDateTime } from '../validation.js';
import { pagedQuery } from './paged-query.js';
import { searchText } from './search-text.js';

const instant = z.iso.datetime();
const int = z.number().int();

/** Every filter but the time range (the export has its own, day or instant: schemas/exports.ts). */
export const invoiceFilterFields = {
  status: z.enum(INVOICE_STATUSES, { error: 'status must be unpaid, paid or void' }).optional(),
  stationId: idQuery('stationId').optional(),
  customerId: idQuery('customerId').optional().meta({ description: 'The customer billed' }),
  sessionId: idQuery('sessionId').optional(),
  q: searchText('An invoice number (INV-000042) or id, the whole idTag of its session, or the start of a chargeBoxId or '
    + 'of the customer\'s name, without case').optional(),
};

export const InvoiceListQuery = pagedQuery(TIME_ID_CURSOR, {
  ...invoiceFilterFields,
  from: isoDateTime('from').optional().meta({ description: 'issuedAt ≥ from' }),
  to: isoDateTime('to').optional().meta({ description: 'issuedAt < to' }),
});

const line = z.strictObject({
  kind: z.enum(['energy', 'time', 'session_fee', 'idle', 'no_tariff']),
  description: z.string(),
  quantity: z.number(),
  unit: z.enum(['kWh', 'min', 'session']),
  unitPriceMinor: int,
  amountMinor: int,
});

const invoiceFields = {
  id: int,
  number: z.string().meta({ description: 'INV-000042: for people; paths take the id' }),
  sessionId: int,
  stationId: int,
  connectorId: int,
  customerId: int.nullable(),
  customerName: z.string().nullable(),
  tariffId: int.nullable(),
  currency: z.string().meta({ description: 'ISO 4217' }),
  taxRateBp: int.meta({ description: 'Basis points: 19 % is 1900' }),
  lines: z.array(line),
  subtotalMinor: int,
  taxMinor: int,
  totalMinor: int,
  status: z.enum(INVOICE_STATUSES),
  issuedAt: instant,
  sessionStoppedAt: instant,
  paidAt: instant.nullable(),
  voidedAt: instant.nullable(),
  voidReason: z.string().nullable(),
  voidedBy: z.string().nullable(),
};

/** An invoice: amounts in integer minor units of its currency. */
export const InvoiceItem = z.strictObject(invoiceFields);

export const PaymentItem = z.strictObject({
  id: int, invoiceId: int, method: z.enum(PAYMENT_METHODS), reference: z.string().nullable(), amountMinor: int,
  currency: z.string(), paidBy: z.string(), paidAt: instant,
});

/** One invoice with the payment that settled it (null while unpaid or void). */
export const InvoiceDetail = z.strictObject({ ...invoiceFields, payment: PaymentItem.nullable() });
