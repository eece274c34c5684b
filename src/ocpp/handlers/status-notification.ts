import type { Handler } from '../context.js';
import { toDate } from './timestamps.js';

export const handleStatusNotification: Handler<'StatusNotification'> = async (ctx, req) => {
  await ctx.services.connectors.recordStatus({
    stationId: ctx.stationId,
    connectorId: req.connectorId,
    status: req.status,
    errorCode: req.errorCode,
    info: req.info ?? null,
    vendorId: req.vendorId ?? null,
    vendorErrorCode: req.vendorErrorCode ?? null,
    chargerTimestamp: req.timestamp ? toDate(req.timestamp) : null,
  });
  return {};
};
