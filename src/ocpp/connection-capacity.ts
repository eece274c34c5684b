// How many chargers this process holds at most (issue 14). A charger is a socket, so a file descriptor, and past
// the process's open-files limit accept(2) and connect(2) fail with EMFILE. It is not only the next charger that
// fails then: the database pool cannot open a connection, and messages already received fail with it
// (`npm run bench -- steady --chargers 19900` on a limit of 20,000 did that: 7 chargers and some Heartbeats
// failed). So OCPP upgrades stop short of the limit: one past the capacity is answered 503 with Retry-After
// before ws or the database sees it, and the descriptors left stay for the process's own work. Behind a load
// balancer the charger's next try may reach another node.
import type { Duplex } from 'node:stream';
import type { Logger } from '../shared/logger.js';
import { refuseUpgradeUntil } from './upgrade-refusal.js';

/** Descriptors kept for what comes after start: staff browsers and API clients, NATS reconnecting, files read. */
export const SPARE_DESCRIPTORS = 32;
const RETRY_AFTER_S = 30;
const WARN_EVERY_MS = 60_000;

export interface DescriptorBudget {
  /** The soft open-files limit; null: unknown (no /proc). */
  openFilesLimit: number | null;
  /** Held once listening: stdio, the event loop's own, the listening sockets, the database's first connections. */
  inUse: number | null;
  /** The database pool's size, counted whole on top (some are already in `inUse`: that errs on the safe side). */
  databaseConnections: number;
}

/** The chargers this process can hold: OCPP_MAX_CONNECTIONS if set, and never more than its descriptors allow. */
export function chargerCapacity(configured: number | null, b: DescriptorBudget): number {
  const byDescriptors = b.openFilesLimit === null || b.inUse === null ? Infinity
    : Math.max(0, b.openFilesLimit - b.inUse - b.databaseConnections - SPARE_DESCRIPTORS);
  return Math.min(configured ?? Infinity, byDescriptors);
}

/** Counts the OCPP upgrade sockets open (in handshake or connected) and refuses those past the capacity. */
export class ConnectionCapacity {
  private open = 0;
  private max = Infinity;
  private refusedSinceWarning = 0;
  private lastWarningAt = -Infinity;

  constructor(private readonly log: Logger) {}

  /** Upgrade sockets open now: in handshake or connected. */
  get inUse(): number { return this.open; }

  setCapacity(max: number): void { this.max = max; }

  /** Counts the socket until it closes and returns true; or, at capacity, answers 503 and returns false. */
  admit(socket: Duplex): boolean {
    // Gone already (its 'close' emitted): nothing to count, nothing to answer.
    if (socket.closed) return false;
    if (this.open >= this.max) {
      this.refuse(socket);
      return false;
    }
    this.open++;
    socket.once('close', () => { this.open--; });
    return true;
  }

  private refuse(socket: Duplex): void {
    refuseUpgradeUntil(socket, 503, RETRY_AFTER_S, `This node holds its maximum of ${this.max} chargers; retry after ${RETRY_AFTER_S} s`);
    // A fleet past capacity retries all the time: one line a minute, with the count, not one per charger.
    this.refusedSinceWarning++;
    const now = performance.now();
    if (now - this.lastWarningAt < WARN_EVERY_MS) return;
    this.log.warn({ capacity: this.max, refused: this.refusedSinceWarning }, 'at capacity: chargers refused with 503');
    this.lastWarningAt = now;
    this.refusedSinceWarning = 0;
  }
}
