import type { Db } from '../store/db.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';

/** What every service is built from. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  log: Logger;
  /** The cluster node this process is (NODE_ID), recorded with what it holds; null or absent on a single node. */
  nodeId?: string | null;
}
