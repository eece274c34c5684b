// The query of the CSV exports: `from` and `to` each optional, each an ISO 8601 date-time with a zone or a
// calendar day (YYYY-MM-DD, a day of the server's time zone). domain/export-range.ts turns them into [from, to).
import { z } from 'zod';
import { parseDay, type ExportBound } from '../../domain/export-range.js';
import { connectorNeedsStation, sessionFilterFields } from './sessions.js';
import { invoiceFilterFields } from './invoices.js';

const bound = (name: string, day: string, fallback: string) => z.string().transform((text, ctx): ExportBound => {
  const day = parseDay(text);
  if (day) return day;
  const instant = z.iso.datetime({ offset: true }).safeParse(text);
  if (instant.success) return { kind: 'instant', at: new Date(instant.data) };
  ctx.addIssue({ code: 'custom', message: `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone` });
  return z.NEVER;
}).meta({ description: `YYYY-MM-DD (${day}, in the server's time zone) or an ISO 8601 date-time with a zone; default: ${fallback}` });

// An empty value (`?from=&to=`, as a form or an old example sends it) means "not given", not a bad date.
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ExportQuery = z.strictObject({
  from: optional(bound('from', "that day's start", '30 days before to')),
  to: optional(bound('to', 'the end of that day, so from and to the same day is that one day', 'now')),
});

/** The period, and the sessions list's filters (GET /sessions): the console exports what it shows. */
export const SessionExportQuery = ExportQuery.extend(sessionFilterFields).refine(...connectorNeedsStation());
/** The period, and the invoices list's filters (GET /invoices). */
export const InvoiceExportQuery = ExportQuery.extend(invoiceFilterFields);
