// The driver starts charging on a connector, follows the session and stops it (issue 19). Every answer is the
// driver's own: another driver's session is a 404.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { TIME_ID_CURSOR } from '../../domain/session-filters.js';
import { driverRoute, type RouteSpec } from '../route.js';
import { idField, idParam } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { connectorCode } from '../schemas/driver-stations.js';
import { SessionDetail, SessionItem, sessionFilterFields } from '../schemas/sessions.js';

const SessionId = z.object({ sessionId: idParam('sessionId') });
// The slot chosen in the app, or the connector code of a scanned QR: exactly one.
const StartCharging = z.strictObject({
  slotId: idField('slotId').optional(),
  connectorCode: connectorCode('connectorCode').optional().meta({ description: 'The code a connector\'s QR carries (any case), instead of slotId' }),
}).superRefine((b, ctx) => {
  if (b.slotId !== undefined && b.connectorCode !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['connectorCode'], message: 'give slotId or connectorCode, not both' });
  } else if (b.slotId === undefined && b.connectorCode === undefined) {
    ctx.addIssue({ code: 'custom', path: ['slotId'], message: 'give slotId (the slot chosen) or connectorCode (from its QR code)' });
  }
}).transform((b) => (b.slotId === undefined ? { connectorCode: String(b.connectorCode) } : { slotId: b.slotId }));
const DriverSessionQuery = pagedQuery(TIME_ID_CURSOR, { state: sessionFilterFields.state });

const DriverSessionDetail = z.strictObject({
  ...SessionDetail.shape,
  durationS: z.number().int(),
  costSoFarMinor: z.number().int().meta({ description: 'Running: priced on the tariff as if stopped now (idle fees not yet); stopped: the invoice\'s total' }),
  currency: z.string(),
});

export function driverChargingRoutes(s: Pick<Services, 'driverCharging' | 'driverSessions'>): RouteSpec[] {
  return [
    driverRoute({
      method: 'post', path: '/driver/charging', tag: 'driver', status: 201, body: StartCharging,
      summary: 'Start charging on a connector (slotId, chosen in the app, or connectorCode, from its QR code: exactly one) with the '
        + 'driver\'s app tag: answers once the charger has started, with the session\'s id. 404 naming connectorCode when no '
        + 'connector has it; 409 when the slot is inactive, in use, booked by someone else (details.reason) or the charger '
        + 'refuses (details.status); 503 when its charger is offline; 504 when no transaction follows the charger\'s Accepted',
      response: z.strictObject({ sessionId: z.number().int() }),
      handle: ({ body, driver }) => (body.slotId === undefined
        ? s.driverCharging.startByCode(driver, body.connectorCode) : s.driverCharging.start(driver, body.slotId)),
    }),
    driverRoute({
      method: 'get', path: '/driver/sessions', tag: 'driver',
      summary: 'The driver\'s sessions, newest first (startedAt, then id), a page at a time; filter by state',
      query: DriverSessionQuery, paged: true, response: SessionItem,
      handle: ({ query, driver }) => {
        const { filter, page } = splitPage(query);
        return s.driverSessions.list(driver, filter, page);
      },
    }),
    driverRoute({
      method: 'get', path: '/driver/sessions/:sessionId', tag: 'driver',
      summary: 'One of the driver\'s sessions: energy, power, SoC, duration and cost so far, its curve and its invoice once stopped',
      params: SessionId, response: DriverSessionDetail,
      handle: ({ params, driver }) => s.driverSessions.detail(driver, params.sessionId),
    }),
    driverRoute({
      method: 'post', path: '/driver/sessions/:sessionId/stop', tag: 'driver',
      summary: 'Ask the charger to stop one of the driver\'s running sessions (RemoteStopTransaction): the charger\'s answer; '
        + 'the session ends when its StopTransaction arrives (409 when stopped already)',
      params: SessionId, response: z.strictObject({ status: z.string() }),
      handle: async ({ params, driver }) => {
        const session = await s.driverSessions.detail(driver, params.sessionId);
        return s.driverCharging.stop(driver, session);
      },
    }),
  ];
}
