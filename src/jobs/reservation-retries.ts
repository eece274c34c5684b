// Reservations sent again on events rather than on the clock: a charger that came back online gets what it
// could not be sent, and a connector that reports Available gets what it refused while busy, faulted or
// unavailable (domain/bookings.ts says which statuses each retries). Events are coalesced (shared/batcher.ts),
// gathered for a moment first: a fleet coming back at once is one query, not one per charger. The booking
// service claims each booking in the database before it sends, so these, the booking job and a creation never
// send one twice.
import { Batcher } from '../shared/batcher.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { BookingService } from '../services/bookings.js';
import type { Clock } from '../shared/clock.js';

export interface ReservationRetriesDeps {
  events: EventBus;
  clock: Clock;
  bookings: Pick<BookingService, 'onStationsOnline' | 'onConnectorsAvailable'>;
  log: Logger;
}

export interface ReservationRetries {
  /** No event starts a retry after this. */
  stop(): void;
  /** Resolves when the retries under way have finished (before the database closes). */
  settled(): Promise<void>;
}

type AvailableReport = { stationId: number; connectorId: number; at: Date };
type OnlineReport = { stationId: number; at: Date };

/** One report per key, its latest. */
function latestBy<R extends { at: Date }>(reports: R[], key: (r: R) => string | number): R[] {
  const latest = new Map<string | number, R>();
  for (const r of reports) {
    const seen = latest.get(key(r));
    if (!seen || seen.at < r.at) latest.set(key(r), r);
  }
  return [...latest.values()];
}

/** How long a retry gathers the events before it: a storm's reconnects and Available reports come one charger per
 * turn of the event loop (Node accepts one connection a turn), so a turn's group held one (issue 14). No answer
 * to a charger waits on it; a ReserveNow goes out this much later, which no driver notices. */
export const RETRY_GATHER_MS = 50;

export function retryReservations(d: ReservationRetriesDeps): ReservationRetries {
  const online = new Batcher<OnlineReport>((ss) => d.bookings.onStationsOnline(latestBy(ss, (r) => r.stationId).map((r) => ({ stationId: r.stationId, onlineAt: r.at }))),
    (err) => d.log.error({ err }, 'reserving again on reconnect failed'), { gatherMs: RETRY_GATHER_MS });
  const available = new Batcher<AvailableReport>(
    (cs) => d.bookings.onConnectorsAvailable(latestBy(cs, (r) => `${r.stationId}/${r.connectorId}`)
      .map((r) => ({ stationId: r.stationId, connectorId: r.connectorId, reportedAt: r.at }))),
    (err) => d.log.error({ err }, 'reserving again on Available failed'), { gatherMs: RETRY_GATHER_MS });
  const stops = [
    // Times on the clock ReserveNow's sending time is read on: a reservation sent after the report (while it
    // waited in the gathering) went to this connection or was refused after it, and is not retried by it.
    d.events.on('station.online', (e) => void online.add({ stationId: e.stationId, at: d.clock.now() })),
    d.events.on('connector.status', (e) => {
      if (e.status === 'Available' && e.connectorId > 0) {
        void available.add({ stationId: e.stationId, connectorId: e.connectorId, at: d.clock.now() });
      }
    }),
  ];
  return {
    stop: () => stops.forEach((s) => s()),
    async settled() {
      await Promise.all([online.settled(), available.settled()]);
    },
  };
}
