import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

export const handleDiagnosticsStatusNotification: Handler<'DiagnosticsStatusNotification', Needs> = async (ctx, req) => {
  await ctx.services.chargers.recordDiagnosticsStatus(ctx.stationId, req.status);
  return {};
};
