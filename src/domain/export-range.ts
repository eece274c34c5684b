// The period an accounting export covers: [from, to). Either bound may be left out; the default is the last
// 30 days up to now. A bound may be a whole day (YYYY-MM-DD): `from` is that day's start, and `to` is the END of
// that day (the next day's start), so from=2026-12-01&to=2026-12-01 is that one day's rows, as an operator expects.
import { err, ok, type Result } from '../shared/result.js';

export const DEFAULT_EXPORT_DAYS = 30;
const DAY_MS = 86_400_000;

/** A bound as the request gave it: an instant (an ISO 8601 date-time with a zone), or a calendar day. */
export type ExportBound = { kind: 'instant'; at: Date } | { kind: 'day'; year: number; month: number; day: number };

export interface ExportRange { from: Date; to: Date }

// Days are the server's own (its TZ): the local midnight, which is 23 or 25 hours from the next one on the
// days clocks change, so a day is stepped by the calendar, never by adding 24 hours.
const dayStart = (b: { year: number; month: number; day: number }, plusDays = 0): Date =>
  new Date(b.year, b.month - 1, b.day + plusDays);

/** Parses YYYY-MM-DD into a real calendar day (2026-02-30 is not one), or null. */
export function parseDay(text: string): ExportBound | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(year, month - 1, day);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return { kind: 'day', year, month, day };
}

export function exportRange(from: ExportBound | undefined, to: ExportBound | undefined, now: Date)
  : Result<ExportRange, 'ToNotAfterFrom'> {
  const end = to === undefined ? now : to.kind === 'instant' ? to.at : dayStart(to, 1);
  const start = from === undefined ? new Date(end.getTime() - DEFAULT_EXPORT_DAYS * DAY_MS)
    : from.kind === 'instant' ? from.at : dayStart(from);
  if (end <= start) return err('ToNotAfterFrom');
  return ok({ from: start, to: end });
}
