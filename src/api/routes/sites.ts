// Sites (issue 17, load management): chargers that share one grid connection. Admins write, viewers read. A
// station joins a site with PATCH /stations/{id} { siteId, maxCurrentA, priority }.
import { z } from 'zod';
import { LOAD_STRATEGIES, SITE_DEFAULTS } from '../../domain/sites.js';
import type { Services } from '../../services/index.js';
import { HISTORY_MAX_H } from '../../services/site-load-view.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { amperes } from '../schemas/amperes.js';
import { LoadPointResponse, SiteDetailResponse, SiteResponse } from '../schemas/sites.js';

const SiteId = z.object({ siteId: idParam('siteId') });
const HistoryQuery = z.strictObject({
  hours: z.coerce.number({ error: 'hours must be a number' }).int('hours must be whole hours')
    .min(1, 'hours must be at least 1').max(HISTORY_MAX_H, `hours must be at most ${HISTORY_MAX_H}`).default(6),
});

const fields = {
  name: z.string({ error: 'name must be a string' }).trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'),
  maxCurrentA: amperes('maxCurrentA').meta({ description: 'The grid connection\'s limit, A per phase' }),
  phases: z.union([z.literal(1), z.literal(3)], { error: 'phases must be 1 or 3' }),
  voltageV: z.number({ error: 'voltageV must be a number of volts' }).int('voltageV must be whole volts')
    .min(50, 'voltageV must be at least 50').max(500, 'voltageV must be at most 500')
    .meta({ description: 'Phase-to-neutral voltage: turns a measured power into a current per phase' }),
  minCurrentA: amperes('minCurrentA').meta({ description: 'No running session gets less (IEC 61851-1: 6 A); below it a session is paused at 0 A' }),
  failsafeCurrentA: amperes('failsafeCurrentA', { zeroAllowed: true })
    .meta({ description: 'What each connector may draw when it hears nothing from us: 0, or minCurrentA to maxCurrentA' }),
  strategy: z.enum(LOAD_STRATEGIES, { error: 'strategy must be equal or priority' }),
};

const NewSite = z.strictObject({
  ...fields,
  voltageV: fields.voltageV.default(SITE_DEFAULTS.voltageV),
  minCurrentA: fields.minCurrentA.default(SITE_DEFAULTS.minCurrentA),
  strategy: fields.strategy.default(SITE_DEFAULTS.strategy),
});
const SiteChange = z.strictObject(fields).partial()
  .refine((c) => Object.keys(c).length > 0, `give at least one of ${Object.keys(fields).join(', ')}`);

const RULES = 'minCurrentA ≤ maxCurrentA; failsafeCurrentA 0 or between minCurrentA and maxCurrentA (400 naming the field)';

export function siteRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/sites', tag: 'sites', role: 'viewer',
      summary: 'Every site with its stations (stationId, chargeBoxId, name, maxCurrentA, priority), by id',
      response: z.array(SiteResponse),
      handle: () => s.sites.list(),
    }),
    route({
      method: 'get', path: '/sites/:siteId', tag: 'sites', role: 'viewer',
      summary: 'One site with its stations and its load: each running session\'s limit (limitA, reason, reasonText, what the charger answered), '
        + 'allocatedA, measuredA (A per phase) and the load balancer\'s latest 20 decisions (trigger, limits, what was sent, the answers)', params: SiteId,
      response: SiteDetailResponse,
      handle: ({ params }) => s.sites.get(params.siteId),
    }),
    route({
      method: 'get', path: '/sites/:siteId/load-history', tag: 'sites', role: 'viewer',
      summary: `The site's allocated and measured totals (A per phase) at each load-balancer run of the last hours (1 to ${HISTORY_MAX_H}, 6 unless given), oldest first`,
      params: SiteId, query: HistoryQuery, response: z.array(LoadPointResponse), handle: ({ params, query }) => s.sites.loadHistory(params.siteId, query.hours),
    }),
    route({
      method: 'post', path: '/sites', tag: 'sites', role: 'admin', status: 201,
      summary: `Create a site: name, maxCurrentA and failsafeCurrentA (A per phase), phases 1 or 3, voltageV (230), minCurrentA (6), strategy equal | priority (equal). ${RULES}`,
      body: NewSite, response: SiteResponse, handle: ({ body }) => s.sites.create(body),
    }),
    route({
      method: 'patch', path: '/sites/:siteId', tag: 'sites', role: 'admin',
      summary: `Change a site's fields; the rules hold on the result: ${RULES}`,
      params: SiteId, body: SiteChange, response: SiteResponse, handle: ({ params, body }) => s.sites.update(params.siteId, body),
    }),
    route({
      method: 'delete', path: '/sites/:siteId', tag: 'sites', role: 'admin', status: 204,
      summary: 'Delete a site without stations; 409 naming its stations (details.stationIds) while any belongs to it: move them out first',
      params: SiteId, handle: ({ params }) => s.sites.remove(params.siteId),
    }),
  ];
}
