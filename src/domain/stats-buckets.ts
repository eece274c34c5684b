// The time buckets of the charts (issue 18): hours or days of the server's own time zone, as the dashboard's
// "energy today" (local midnight, services/dashboard.ts) and the exports' days (domain/export-range.ts) count them.
// A day starts at local midnight and is stepped by the calendar (23 or 25 hours on the days clocks change); an hour
// is 3,600 s from the local hour the range starts in. Computed here, once, and handed to SQL as the buckets' bounds,
// so the database's own time zone setting never decides what a day is.
import { err, ok, type Result } from '../shared/result.js';

export type BucketSize = 'hour' | 'day';

/** At most 62 days by the hour, 400 days by the day: a chart's worth, never an unbounded scan. */
export const MAX_BUCKETS: Record<BucketSize, number> = { hour: 24 * 62, day: 400 };

const HOUR_MS = 3_600_000;

/** A bucket: [at, until). */
export interface Bucket { at: Date; until: Date }

export type BucketError = 'ToNotAfterFrom' | 'TooManyBuckets';

export function localMidnight(at: Date, plusDays = 0): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + plusDays);
}

function localHourStart(at: Date): Date {
  const d = new Date(at);
  d.setMinutes(0, 0, 0);
  return d;
}

/** The buckets covering [from, to): the first starts at or before from (its hour or day), the last ends at or after to. */
export function buckets(size: BucketSize, from: Date, to: Date): Result<Bucket[], BucketError> {
  if (to <= from) return err('ToNotAfterFrom');
  const first = size === 'day' ? localMidnight(from) : localHourStart(from);
  const startOf = (n: number): Date => (size === 'day' ? localMidnight(first, n) : new Date(first.getTime() + n * HOUR_MS));
  const starts: Date[] = [];
  for (let n = 0; startOf(n) < to; n++) {
    if (n === MAX_BUCKETS[size]) return err('TooManyBuckets');
    starts.push(startOf(n));
  }
  return ok(starts.map((at, n) => ({ at, until: startOf(n + 1) })));
}

/** The default range of the energy chart: today, by the hour. */
export function today(now: Date): { from: Date; to: Date } {
  return { from: localMidnight(now), to: localMidnight(now, 1) };
}

/** The last `days` local days, today included, each cut at `now` (today is counted so far). */
export function lastDays(days: number, now: Date): Bucket[] {
  return Array.from({ length: days }, (_, n) => {
    const at = localMidnight(now, n - days + 1);
    const end = localMidnight(now, n - days + 2);
    return { at, until: end < now ? end : now };
  });
}
