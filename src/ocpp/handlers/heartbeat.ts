import type { Handler } from '../context.js';

export const handleHeartbeat: Handler<'Heartbeat'> = async (ctx) => {
  const at = await ctx.services.stations.recordHeartbeat(ctx.stationId);
  return { currentTime: at.toISOString() };
};
