// Staff close a session the charger will never stop (issue 18): recorded as a stop, priced from its last reading.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { CloseSessionBody, ClosedSessionResponse } from '../schemas/session-closing.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';

export function sessionClosingRoutes(s: Pick<Services, 'sessionClosing'>): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/sessions/:sessionId/close', tag: 'sessions', role: 'operator',
      summary: 'Close a running session the charger will never stop (decommissioned, offline for days): it is recorded as '
        + 'stopped (reason Other) at its last reading, priced from that reading as a StopTransaction would be (one invoice), '
        + 'its booking completed, with who closed it, when and why; a StopTransaction the charger sends later is accepted '
        + 'and kept on the session (chargerStoppedAt, chargerMeterStopWh), never invoiced again. 409 naming sessionId '
        + 'when the session is not running',
      params: z.object({ sessionId: idParam('sessionId') }),
      body: CloseSessionBody,
      response: ClosedSessionResponse,
      handle: ({ params, body, principal }) => s.sessionClosing.close(params.sessionId, body.reason, principal),
    }),
  ];
}
