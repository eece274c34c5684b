import type { Handler } from '../context.js';
import { toSamples } from './meter-samples.js';
import { liveSampleTimes, watchChargerClock } from '../clock-watch.js';

export const handleMeterValues: Handler<'MeterValues'> = async (ctx, req) => {
  const samples = toSamples(req.meterValue);
  watchChargerClock(ctx, liveSampleTimes(samples));
  await ctx.services.sessions.recordMeterValues({
    stationId: ctx.stationId,
    connectorId: req.connectorId,
    transactionId: req.transactionId ?? null,
    samples,
  });
  return {};
};
