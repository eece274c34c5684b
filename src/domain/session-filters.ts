// What staff can ask of the sessions and invoices lists, and where a page of each starts. Both lists are newest
// first and keyset-paged (domain/paging.ts) on their time and id; every time they page on is written from a JS
// Date (millisecond precision), so a cursor's ISO date is the row's exact key.
import type { CursorKey, CursorShape } from './paging.js';
import type { InvoiceStatus } from './invoices.js';

export const SESSION_STATES = ['active', 'completed', 'awaiting_payment'] as const;
/** awaiting_payment: stopped, with an unpaid invoice. */
export type SessionState = (typeof SESSION_STATES)[number];

export const INVOICE_STATUSES = ['unpaid', 'paid', 'void'] as const satisfies readonly InvoiceStatus[];

export interface SessionFilters {
  state?: SessionState | undefined;
  stationId?: number | undefined;
  /** Only with stationId: a connector number is per station. */
  connectorId?: number | undefined;
  customerId?: number | undefined;
  idTagId?: number | undefined;
  /** Compared without case (OCPP CiString20). */
  idTag?: string | undefined;
  siteId?: number | undefined;
  /** startedAt ≥ from */
  from?: Date | undefined;
  /** startedAt < to */
  to?: Date | undefined;
  /** An idTag (whole, any case), or the start of a chargeBoxId or of a customer's name (any case). */
  q?: string | undefined;
}

export interface InvoiceFilters {
  status?: InvoiceStatus | undefined;
  stationId?: number | undefined;
  customerId?: number | undefined;
  sessionId?: number | undefined;
  /** issuedAt ≥ from */
  from?: Date | undefined;
  /** issuedAt < to */
  to?: Date | undefined;
  /** An invoice number (INV-000042) or id, an idTag (whole), or the start of a chargeBoxId or a customer's name. */
  q?: string | undefined;
}

/** Sessions page on (startedAt, id), invoices on (issuedAt, id): both keys are a date and the row id. */
export const TIME_ID_CURSOR: CursorShape = ['date', 'number'];
export const timeIdKey = (at: Date, id: number): CursorKey => [at.toISOString(), id];

/** The invoice id an operator may type for an invoice: INV-000042, inv-42 or 42; null for anything else. */
export function invoiceIdOf(q: string): number | null {
  const m = /^(?:inv-?)?0*([0-9]{1,10})$/i.exec(q.trim());
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647 ? id : null;
}
