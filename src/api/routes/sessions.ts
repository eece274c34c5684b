// Charging sessions for staff: what is charging, for whom, how much; each with its meter series.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { AppError } from '../../shared/errors.js';
import { route, type RouteSpec } from '../route.js';
import { idParam, idQuery, isoDateTime, paging } from '../validation.js';

const SessionId = z.object({ sessionId: idParam('sessionId') });

const SessionListQuery = z.object({
  state: z.enum(['active', 'completed', 'awaiting_payment'], { error: 'state must be active, completed or awaiting_payment' }).optional(),
  stationId: idQuery('stationId').optional(),
  customerId: idQuery('customerId').optional(),
  from: isoDateTime('from').optional(),
  to: isoDateTime('to').optional(),
  ...paging,
}).strict();

export function sessionRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/sessions', tag: 'sessions', role: 'viewer',
      summary: 'Sessions, newest first; filter by state (awaiting_payment: stopped with an unpaid invoice), station, '
        + 'customer and start time (from ≤ startedAt < to)',
      query: SessionListQuery,
      handle: ({ query }) => s.sessions.listViews(query),
    }),
    route({
      method: 'get', path: '/sessions/:sessionId', tag: 'sessions', role: 'viewer',
      summary: 'One session (its id is the OCPP transactionId) with its customer, invoice (null while running), meter values and charging curve',
      params: SessionId,
      handle: ({ params }) => s.sessions.detail(params.sessionId),
    }),
    route({
      method: 'post', path: '/sessions/:sessionId/stop', tag: 'sessions', role: 'operator',
      summary: 'Stop a running session: sends RemoteStopTransaction and returns the charger\'s answer; the session '
        + 'ends when the charger\'s StopTransaction arrives',
      params: SessionId,
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
