import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'securityStatuses'>;

// Security whitepaper edition 3: requestId is absent only on a triggered Idle (no upload running).
export const handleLogStatusNotification: Handler<'LogStatusNotification', Needs> = async (ctx, req) => {
  await ctx.services.securityStatuses.recordLogStatus(ctx.stationId, { status: req.status, requestId: req.requestId ?? null });
  return {};
};
