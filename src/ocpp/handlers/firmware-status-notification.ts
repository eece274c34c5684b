import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

export const handleFirmwareStatusNotification: Handler<'FirmwareStatusNotification', Needs> = async (ctx, req) => {
  await ctx.services.chargers.recordFirmwareStatus(ctx.stationId, req.status);
  return {};
};
