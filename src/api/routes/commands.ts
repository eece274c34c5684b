// Remote commands (operator): one POST per OCPP 1.6 command, whose body is that command's request payload.
// Each waits for the charger and answers how it ended; offline is a 503 and no answer a 504, never "done".
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { COMMAND_ACTIONS, type CommandAction } from '../../domain/commands.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { commandBodies, commandSummaries } from '../schemas/commands.js';
import { splitPage } from '../schemas/paged-query.js';
import { CommandAnswer, CommandRecord, stationLogQuery } from '../schemas/station-logs.js';

const StationId = z.object({ stationId: idParam('stationId') });

const ANSWER = '{ commandId, action, outcome, response | callError | reason }: outcome answered (response is the '
  + 'charger\'s CALLRESULT), call-error (its CALLERROR), or went-down (the connection dropped while waiting; after a '
  + 'Reset that is the reset). 503 when the charger is offline, 504 when it does not answer in time.';

function commandRoute(s: Services, action: CommandAction): RouteSpec {
  return route({
    method: 'post', path: `/stations/:stationId/commands/${action}`, tag: 'commands', role: 'operator',
    summary: commandSummaries[action], responseDescription: ANSWER,
    params: StationId, body: commandBodies[action] as z.ZodType<Record<string, unknown>>, response: CommandAnswer,
    handle: async ({ params, body, principal }) => {
      // Ours, not the OCPP payload's (its schema forbids extra properties): taken out before it is sent.
      const { waitForTransaction, force, ...payload } = body as { waitForTransaction?: boolean; force?: boolean } & Record<string, unknown>;
      const report = await s.commands.send(principal, params.stationId, action, payload,
        { waitForTransaction: waitForTransaction === true, force: force === true });
      const { stationId: _s, chargeBoxId: _c, ...answer } = report;
      return answer;
    },
  });
}

export function commandRoutes(s: Services): RouteSpec[] {
  return [
    ...COMMAND_ACTIONS.map((action) => commandRoute(s, action)),
    route({
      method: 'get', path: '/stations/:stationId/commands', tag: 'commands', role: 'viewer', paged: true,
      summary: 'Commands sent to this charger, newest first (requestedAt, id): who, when, what, and the answer or the failure',
      params: StationId, query: stationLogQuery, response: CommandRecord,
      handle: ({ params, query }) => s.commands.list(params.stationId, splitPage(query).page),
    }),
  ];
}
