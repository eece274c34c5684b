import type { Handler } from '../context.js';

export const handleFirmwareStatusNotification: Handler<'FirmwareStatusNotification'> = async (ctx, req) => {
  await ctx.services.stations.recordFirmwareStatus(ctx.stationId, req.status);
  return {};
};
