// Watches a charger's clock on its live messages (domain/clock-skew.ts): a StatusNotification's timestamp and
// the samples of a MeterValues taken as they happen. Not StartTransaction, StopTransaction or Transaction.End
// samples: those are the messages a charger queues while offline and delivers late. The skew last recorded is
// in the connection's cached station, so a message costs no database access unless the skew changed.
import { clockSkewChange } from '../domain/clock-skew.js';
import type { MeterSample } from '../domain/model.js';
import type { Services } from '../services/index.js';
import type { StationContext } from './context.js';

const LIVE_CONTEXTS = new Set(['Sample.Periodic', 'Sample.Clock', 'Transaction.Begin', 'Trigger']);

export const liveSampleTimes = (samples: MeterSample[]): Date[] =>
  samples.filter((s) => LIVE_CONTEXTS.has(s.context)).map((s) => s.sampledAt);

export function watchChargerClock(ctx: StationContext<Pick<Services, 'chargers'>>, chargerTimes: Date[]): void {
  if (chargerTimes.length === 0) return;
  const newest = chargerTimes.reduce((a, b) => (b > a ? b : a));
  const receivedAt = ctx.clock.now();
  const station = ctx.connection.station;
  const change = clockSkewChange(station.clockSkewS, newest, receivedAt);
  if (!change) return;
  // Cached first, so the next message compares with the new value even before the write lands.
  ctx.connection.station = { ...station, clockSkewS: change.aheadS, clockSkewAt: change.aheadS === null ? null : receivedAt };
  // Off the answer's path: a failed write must not turn a status report into a CALLERROR.
  ctx.services.chargers.recordClockSkew(ctx.stationId, change.aheadS, receivedAt)
    .catch((err: unknown) => {
      ctx.log.error({ err }, 'recording the charger clock skew failed');
      ctx.connection.station = { ...ctx.connection.station, clockSkewS: station.clockSkewS, clockSkewAt: station.clockSkewAt };
    });
}
