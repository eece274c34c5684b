import type { Handler } from '../context.js';

export const handleDiagnosticsStatusNotification: Handler<'DiagnosticsStatusNotification'> = async (ctx, req) => {
  await ctx.services.stations.recordDiagnosticsStatus(ctx.stationId, req.status);
  return {};
};
