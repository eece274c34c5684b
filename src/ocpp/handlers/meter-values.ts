import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toSamples } from './meter-samples.js';
import { liveSampleTimes, watchChargerClock } from '../clock-watch.js';

// chargers: watchChargerClock records the charger's clock skew (clock-watch.ts).
type Needs = Pick<Services, 'sessions' | 'chargers'>;

export const handleMeterValues: Handler<'MeterValues', Needs> = async (ctx, req) => {
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
