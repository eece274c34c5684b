import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toDate } from './timestamps.js';
import { watchChargerClock } from '../clock-watch.js';

// chargers: watchChargerClock records the charger's clock skew (clock-watch.ts).
type Needs = Pick<Services, 'connectors' | 'chargers'>;

export const handleStatusNotification: Handler<'StatusNotification', Needs> = async (ctx, req) => {
  const chargerTimestamp = req.timestamp ? toDate(req.timestamp) : null;
  if (chargerTimestamp) watchChargerClock(ctx, [chargerTimestamp]);
  await ctx.services.connectors.recordStatus({
    stationId: ctx.stationId,
    connectorId: req.connectorId,
    status: req.status,
    errorCode: req.errorCode,
    info: req.info ?? null,
    vendorId: req.vendorId ?? null,
    vendorErrorCode: req.vendorErrorCode ?? null,
    chargerTimestamp,
  });
  return {};
};
