// The query of the CSV exports: `from` and `to` each optional, each an ISO 8601 date-time with a zone or a
// calendar day (YYYY-MM-DD, a day of the server's time zone). domain/export-range.ts turns them into [from, to).
import { z } from 'zod';
import { parseDay, type ExportBound } from '../../domain/export-range.js';

const bound = (name: string, day: string) => z.string().transform((text, ctx): ExportBound => {
  const day = parseDay(text);
  if (day) return day;
  const instant = z.iso.datetime({ offset: true }).safeParse(text);
  if (instant.success) return { kind: 'instant', at: new Date(instant.data) };
  ctx.addIssue({ code: 'custom', message: `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone` });
  return z.NEVER;
}).meta({ description: `YYYY-MM-DD (${day}, in the server's time zone) or an ISO 8601 date-time with a zone` });

export const ExportQuery = z.strictObject({
  from: bound('from', "that day's start; default: 30 days before `to`").optional(),
  to: bound('to', "the end of that day, so from and to the same day is that day; default: now").optional(),
});
