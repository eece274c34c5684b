// STUB (issue 15, helper "events"): to be built.
import type { Db } from '../store/db.js';
import type { EventBus, EventName } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { NatsLink } from './nats-link.js';

/** One event of the cluster as the stream holds it: its sequence is the SSE event id. */
export interface ClusterEvent { seq: number; name: EventName; data: string }

export interface EventRelay {
  /** Every node's events, this node's included, in stream order, each once, as they arrive. */
  onEvent(listener: (e: ClusterEvent) => void): () => void;
  /** The events after `seq` still in the stream, in order; null when some after it are no longer kept. */
  readSince(seq: number): Promise<ClusterEvent[] | null>;
  close(): Promise<void>;
}

export async function startEventRelay(_d: { link: NatsLink; events: EventBus; db: Db; nodeId: string; retentionH: number; log: Logger }): Promise<EventRelay> {
  return { onEvent: () => () => undefined, readSince: async () => null, close: async () => undefined };
}
