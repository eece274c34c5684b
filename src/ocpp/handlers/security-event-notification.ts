import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toDate } from './timestamps.js';

type Needs = Pick<Services, 'securityEvents'>;

// Security whitepaper edition 3: the event is stored whatever its type (the list is open); the conf is empty.
export const handleSecurityEventNotification: Handler<'SecurityEventNotification', Needs> = async (ctx, req) => {
  await ctx.services.securityEvents.record(ctx.stationId, {
    type: req.type, techInfo: req.techInfo ?? null, occurredAt: toDate(req.timestamp),
  });
  return {};
};
