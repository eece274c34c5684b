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

export interface ReservationRetriesDeps {
  events: EventBus;
  bookings: Pick<BookingService, 'onStationsOnline' | 'onConnectorsAvailable'>;
  log: Logger;
}

export interface ReservationRetries {
  /** No event starts a retry after this. */
  stop(): void;
  /** Resolves when the retries under way have finished (before the database closes). */
  settled(): Promise<void>;
}

const unique = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((t) => [key(t), t])).values()];

/** How long a retry gathers the events before it: a storm's reconnects and Available reports come one charger per
 * turn of the event loop (Node accepts one connection a turn), so a turn's group held one (issue 14). No answer
 * to a charger waits on it; a ReserveNow goes out this much later, which no driver notices. */
export const RETRY_GATHER_MS = 50;

export function retryReservations(d: ReservationRetriesDeps): ReservationRetries {
  const online = new Batcher<number>((stationIds) => d.bookings.onStationsOnline([...new Set(stationIds)]),
    (err) => d.log.error({ err }, 'reserving again on reconnect failed'), { gatherMs: RETRY_GATHER_MS });
  const available = new Batcher<{ stationId: number; connectorId: number }>(
    (cs) => d.bookings.onConnectorsAvailable(unique(cs, (c) => `${c.stationId}/${c.connectorId}`)),
    (err) => d.log.error({ err }, 'reserving again on Available failed'), { gatherMs: RETRY_GATHER_MS });
  const stops = [
    d.events.on('station.online', (e) => void online.add(e.stationId)),
    d.events.on('connector.status', (e) => {
      if (e.status === 'Available' && e.connectorId > 0) void available.add({ stationId: e.stationId, connectorId: e.connectorId });
    }),
  ];
  return {
    stop: () => stops.forEach((s) => s()),
    async settled() {
      await Promise.all([online.settled(), available.settled()]);
    },
  };
}
