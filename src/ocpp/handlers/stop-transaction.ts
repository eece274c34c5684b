import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toIdTagInfo } from './id-tag-info.js';
import { toSamples } from './meter-samples.js';
import { toDate } from './timestamps.js';

type Needs = Pick<Services, 'sessions'>;

// Always accepted, even for a transaction we do not know, or the charger retries it forever (OCPP.md).
export const handleStopTransaction: Handler<'StopTransaction', Needs> = async (ctx, req) => {
  const stopped = await ctx.services.sessions.stop({
    stationId: ctx.stationId,
    transactionId: req.transactionId,
    meterStopWh: req.meterStop,
    stoppedAt: toDate(req.timestamp),
    reason: req.reason ?? null,
    idTag: req.idTag ?? null,
    samples: toSamples(req.transactionData),
    rawTransactionData: req.transactionData ?? null,
  });
  return stopped.authorization ? { idTagInfo: toIdTagInfo(stopped.authorization) } : {};
};
