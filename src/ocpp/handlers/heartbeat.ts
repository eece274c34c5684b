import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

export const handleHeartbeat: Handler<'Heartbeat', Needs> = async (ctx) => {
  const at = await ctx.services.chargers.recordHeartbeat(ctx.stationId);
  return { currentTime: at.toISOString() };
};
