// The charts' figures (issue 18): energy and sessions per hour or day, and a station's utilisation per day.
// Buckets are hours and days of the server's time zone, as energyTodayWh's local midnight (domain/stats-buckets.ts).
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam, idQuery, isoDateTime } from '../validation.js';

const at = z.iso.datetime();

const EnergyQuery = z.strictObject({
  bucket: z.enum(['hour', 'day'], { error: 'bucket must be hour or day' }).optional()
    .meta({ description: 'hour (default) or day, of the server\'s time zone' }),
  from: isoDateTime('from').optional().meta({ description: 'Default: today\'s local midnight; its bucket is the first' }),
  to: isoDateTime('to').optional().meta({ description: 'Default: the next local midnight when from is not given, else now' }),
  stationId: idQuery('stationId').optional(),
  siteId: idQuery('siteId').optional(),
});

const EnergyBucketResponse = z.strictObject({
  at: at.meta({ description: 'The bucket\'s start' }),
  energyWh: z.number().int().meta({ description: 'Energy of the sessions that stopped in the bucket, each counted whole at its stop' }),
  sessions: z.number().int().meta({ description: 'Sessions that started in the bucket' }),
});

const UtilisationQuery = z.strictObject({
  days: z.string().regex(/^[0-9]+$/, 'days must be an integer from 1 to 400').transform(Number)
    .refine((n) => n >= 1 && n <= 400, 'days must be an integer from 1 to 400').optional()
    .meta({ description: 'The last N days, today included (default 30)' }),
});

const UtilisationResponse = z.strictObject({
  day: at.meta({ description: 'The day\'s local midnight' }),
  connectorId: z.number().int(),
  busyS: z.number().int().meta({ description: 'Seconds a session ran on the connector that day' }),
  share: z.number().min(0).max(1).meta({ description: 'busyS over the day\'s length (so far, for today), 4 decimals' }),
});

export function statsRoutes(s: Pick<Services, 'stats'>): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/stats/energy', tag: 'stats', role: 'viewer',
      summary: 'Energy and sessions per hour or day, every bucket of the range (zeros too), oldest first; default: today by the '
        + 'hour. A session\'s energy counts whole in the bucket of its stop (running sessions count once stopped), as its '
        + 'invoice does; sessions counts those started in the bucket. At most 62 days by the hour, 400 by the day (else a '
        + '400 naming from). Filter by station or site',
      query: EnergyQuery,
      response: z.array(EnergyBucketResponse),
      handle: ({ query }) => s.stats.energy(query),
    }),
    route({
      method: 'get', path: '/stations/:stationId/utilisation', tag: 'stats', role: 'viewer',
      summary: 'Each connector\'s utilisation per day over the last N days (default 30, today so far): the time a session ran '
        + 'on it, cut to the day, and its share of the day; oldest day first, then by connector',
      params: z.object({ stationId: idParam('stationId') }),
      query: UtilisationQuery,
      response: z.array(UtilisationResponse),
      handle: ({ params, query }) => s.stats.utilisation(params.stationId, query.days ?? 30),
    }),
  ];
}
