import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

// Answered with a status, never a CALLERROR (OCPP.md).
export const handleDataTransfer: Handler<'DataTransfer', Needs> = async (ctx, req) => ({
  status: await ctx.services.chargers.recordDataTransfer(ctx.stationId, {
    vendorId: req.vendorId, messageId: req.messageId ?? null, data: req.data ?? null,
  }),
});
