// Charging sessions for staff: what is charging, for whom, how much; each with its meter series.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { AppError } from '../../shared/errors.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { splitPage } from '../schemas/paged-query.js';
import { SessionDetail, SessionItem, SessionListQuery } from '../schemas/sessions.js';
import { CommandAnswer } from '../schemas/station-logs.js';

// The stop's answer is a command's (POST /stations/{id}/commands/RemoteStopTransaction), naming the charger it went to.
const StopAnswer = CommandAnswer.extend({ stationId: z.number().int(), chargeBoxId: z.string() });

const SessionId = z.object({ sessionId: idParam('sessionId') });

export function sessionRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/sessions', tag: 'sessions', role: 'viewer',
      summary: 'Sessions, newest first (startedAt, then id, descending), a page at a time (limit, cursor; offset for old '
        + 'clients, not with cursor); filter by state (awaiting_payment: stopped with an unpaid invoice), station and '
        + 'connector, customer, id tag (idTagId or idTag), site, start time (from ≤ startedAt < to) and q (an idTag, or '
        + 'the start of a chargeBoxId or a customer\'s name)',
      query: SessionListQuery, paged: true, response: SessionItem,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.sessions.listPage(filter, page);
      },
    }),
    route({
      method: 'get', path: '/sessions/:sessionId', tag: 'sessions', role: 'viewer',
      summary: 'One session (its id is the OCPP transactionId) with its customer, invoice (null while running), meter values and charging curve',
      params: SessionId, response: SessionDetail,
      handle: ({ params }) => s.sessions.detail(params.sessionId),
    }),
    route({
      method: 'post', path: '/sessions/:sessionId/stop', tag: 'sessions', role: 'operator',
      summary: 'Stop a running session: sends RemoteStopTransaction and returns the charger\'s answer; the session '
        + 'ends when the charger\'s StopTransaction arrives',
      params: SessionId, response: StopAnswer,
      async handle({ params, principal }) {
        const session = await s.sessions.get(params.sessionId);
        if (session.stoppedAt !== null) {
          throw new AppError('Conflict', `session ${session.id} stopped at ${session.stoppedAt.toISOString()}`, { field: 'sessionId' });
        }
        return s.commands.stopTransaction(principal, session.stationId, session.id);
      },
    }),
  ];
}
