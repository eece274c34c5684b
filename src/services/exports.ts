// CSV exports for accounting: sessions and invoices of a time range, as rows of plain values (api/csv.ts
// writes them as RFC 4180). Amounts stay in minor units with their currency; times are ISO 8601 (UTC).
import * as store from '../store/index.js';
import { invoiceNumber } from '../domain/invoices.js';
import { AppError } from '../shared/errors.js';
import { exportRange, type ExportBound, type ExportRange } from '../domain/export-range.js';
import type { InvoiceFilters, SessionFilters } from '../domain/session-filters.js';
import type { ServiceDeps } from './deps.js';

export type Cell = string | number | null;
export interface Table { header: string[]; rows: Cell[][] }

const iso = (d: Date | null) => (d ? d.toISOString() : null);
// Enough for any real range; an export is one response, not a paged list.
const MAX_ROWS = 100_000;

export interface ExportPeriod { from?: ExportBound | undefined; to?: ExportBound | undefined }
/** The period, and the list's own filters: the console exports "the current filter". */
export type SessionExport = ExportPeriod & Omit<SessionFilters, 'from' | 'to'>;
export type InvoiceExport = ExportPeriod & Omit<InvoiceFilters, 'from' | 'to'>;

/** CSV-ready tables for accounting; a period whose end is not after its start is BadRequest naming to. */
export interface ExportService {
  /** Sessions started in [from, to) that pass the sessions list's filters, oldest first, with their customer and invoice. */
  sessions(q: SessionExport): Promise<Table>;
  /** Invoices issued in [from, to) that pass the invoices list's filters, oldest first. */
  invoices(q: InvoiceExport): Promise<Table>;
}

export function makeExportService(d: ServiceDeps): ExportService {
  function rangeOf(p: ExportPeriod): ExportRange {
    const range = exportRange(p.from, p.to, d.clock.now());
    if (range.ok) return range.value;
    const message = `to must be after from (${p.to === undefined ? 'to defaults to now' : 'a date-only to is the end of that day'})`;
    throw new AppError('BadRequest', `to: ${message}`, { fields: [{ field: 'to', in: 'query', message }] });
  }

  return {
    async sessions({ from: fromBound, to: toBound, ...filters }: SessionExport): Promise<Table> {
      const { from, to } = rangeOf({ from: fromBound, to: toBound });
      const rows = await store.billingViews.listSessionsForExport(d.db, from, to, filters, MAX_ROWS);
      return {
        header: ['session_id', 'charge_box_id', 'connector_id', 'id_tag', 'authorization_status', 'customer', 'started_at', 'stopped_at', 'energy_wh',
          'stop_reason', 'invoice_number', 'invoice_status', 'total_minor', 'currency'],
        rows: rows.map((r) => [r.sessionId, r.chargeBoxId, r.connectorId, r.idTag, r.authorizationStatus, r.customerName, iso(r.startedAt), iso(r.stoppedAt),
          r.energyWh, r.stopReason, r.invoiceId === null ? null : invoiceNumber(r.invoiceId), r.invoiceStatus, r.totalMinor, r.currency]),
      };
    },
    async invoices({ from: fromBound, to: toBound, ...filters }: InvoiceExport): Promise<Table> {
      const { from, to } = rangeOf({ from: fromBound, to: toBound });
      const rows = (await store.invoices.listInvoicePage(d.db, { ...filters, from, to }, { limit: MAX_ROWS })).items;
      return {
        header: ['invoice_id', 'invoice_number', 'session_id', 'station_id', 'connector_id', 'customer', 'status', 'issued_at',
          'subtotal_minor', 'tax_minor', 'total_minor', 'currency', 'tax_rate_bp', 'paid_at', 'voided_at', 'void_reason'],
        rows: rows.reverse().map((i) => [i.id, i.number, i.sessionId, i.stationId, i.connectorId, i.customerName, i.status, iso(i.issuedAt),
          i.subtotalMinor, i.taxMinor, i.totalMinor, i.currency, i.taxRateBp, iso(i.paidAt), iso(i.voidedAt), i.voidReason]),
      };
    },
  };
}
