import type { Handler } from '../context.js';
import { toSamples } from './meter-samples.js';

export const handleMeterValues: Handler<'MeterValues'> = async (ctx, req) => {
  await ctx.services.sessions.recordMeterValues({
    stationId: ctx.stationId,
    connectorId: req.connectorId,
    transactionId: req.transactionId ?? null,
    samples: toSamples(req.meterValue),
  });
  return {};
};
