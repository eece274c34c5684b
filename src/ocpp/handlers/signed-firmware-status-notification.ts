import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'securityStatuses'>;

// Security whitepaper edition 3: requestId is absent only on a triggered Idle (no update running).
export const handleSignedFirmwareStatusNotification: Handler<'SignedFirmwareStatusNotification', Needs> = async (ctx, req) => {
  await ctx.services.securityStatuses.recordSignedFirmwareStatus(ctx.stationId, { status: req.status, requestId: req.requestId ?? null });
  return {};
};
