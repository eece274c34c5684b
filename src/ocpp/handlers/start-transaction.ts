import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toIdTagInfo } from './id-tag-info.js';
import { toDate } from './timestamps.js';

type Needs = Pick<Services, 'sessions'>;

// Always answered with a transactionId, even for a refused tag (OCPP.md); the charger stops on its own when
// configured to. A resend gets the same transactionId and the status it got the first time.
export const handleStartTransaction: Handler<'StartTransaction', Needs> = async (ctx, req) => {
  const { session, authorization } = await ctx.services.sessions.start({
    stationId: ctx.stationId,
    connectorId: req.connectorId,
    idTag: req.idTag,
    meterStartWh: req.meterStart,
    startedAt: toDate(req.timestamp),
    reservationId: req.reservationId ?? null,
  });
  return { transactionId: session.id, idTagInfo: toIdTagInfo(authorization) };
};
