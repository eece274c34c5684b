// The charts' figures (issue 18): energy and sessions per hour or day, and a station's utilisation per day; the
// buckets are the server's hours and days (domain/stats-buckets.ts), the sums SQL's (store/stats.ts).
import * as store from '../store/index.js';
import * as stats from '../store/stats.js';
import { buckets, lastDays, MAX_BUCKETS, today, type BucketError, type BucketSize } from '../domain/stats-buckets.js';
import { AppError } from '../shared/errors.js';
import type { ServiceDeps } from './deps.js';

export interface EnergyQuery { bucket?: BucketSize; from?: Date; to?: Date; stationId?: number; siteId?: number }

/** A bucket's energy (of the sessions stopped in it) and the sessions started in it. */
export type EnergyBucket = stats.EnergyBucket;

/** One connector's day: the seconds a session ran on it, and that as a share of the day (so far, for today). */
export interface UtilisationDay { day: Date; connectorId: number; busyS: number; share: number }

export interface StatsService {
  /** Every bucket of the range, zeros too; 400 naming from (too many buckets) or to (not after from); 404 naming an unknown stationId or siteId. */
  energy(q: EnergyQuery): Promise<EnergyBucket[]>;
  /** The station's outlets, each of the last `days` days (today so far); 404 naming an unknown stationId. */
  utilisation(stationId: number, days: number): Promise<UtilisationDay[]>;
}

function badRange(e: BucketError, size: BucketSize): AppError {
  const [field, message] = e === 'ToNotAfterFrom' ? ['to', 'to must be after from']
    : ['from', `from is too far before to: at most ${MAX_BUCKETS[size]} ${size} buckets (${size === 'hour' ? '62 days by the hour' : '400 days by the day'})`];
  return new AppError('BadRequest', `${field}: ${message}`, { fields: [{ field, in: 'query', message }] });
}

export function makeStatsService(d: ServiceDeps): StatsService {
  return {
    async energy(q) {
      const size = q.bucket ?? 'hour';
      const day = today(d.clock.now());
      const range = buckets(size, q.from ?? day.from, q.to ?? (q.from === undefined ? day.to : d.clock.now()));
      if (!range.ok) throw badRange(range.error, size);
      if (q.stationId !== undefined) await store.stations.getStation(d.db, q.stationId); // NotFound naming stationId
      if (q.siteId !== undefined) await store.sites.getSite(d.db, q.siteId); // NotFound naming siteId
      return stats.energyPerBucket(d.db, range.value, { stationId: q.stationId, siteId: q.siteId });
    },

    async utilisation(stationId, days) {
      await store.stations.getStation(d.db, stationId); // NotFound naming stationId
      const now = d.clock.now();
      const rows = await stats.connectorBusyPerDay(d.db, stationId, lastDays(days, now), now);
      return rows.map((r) => ({
        day: r.at, connectorId: r.connectorId, busyS: Math.round(r.busyS), share: r.lengthS > 0 ? Math.round((r.busyS / r.lengthS) * 10_000) / 10_000 : 0,
      }));
    },
  };
}
