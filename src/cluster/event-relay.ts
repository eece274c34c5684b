// Every node's events, on every node (issue 15 items 4 and 7). This node's events are published to the
// cluster's JetStream stream after commit (event-publisher.ts: in emission order, through the outbox while NATS
// is away); the stream is followed from its end at start, and each event from another node reaches this
// node's cluster-wide listeners (EventBus.receiveRemote: caches such as the slot statuses), while every event,
// this node's included, reaches the live stream to staff with its stream sequence as its id (realtime/).
import type { Db } from '../store/db.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { NatsLink } from './nats-link.js';
import { subjectsOf } from './subjects.js';
import { decodePayload } from './event-codec.js';
import { EventPublisher } from './event-publisher.js';
import { ensureEventStream, followEvents, readEventsSince, streamBounds, type ClusterEvent, type ReceivedEvent } from './event-log.js';

export type { ClusterEvent } from './event-log.js';

export interface EventRelay {
  /** Every node's events, this node's included, in stream order, each once, as they arrive. */
  onEvent(listener: (e: ClusterEvent) => void): () => void;
  /** The events after `seq` still in the stream, in order; null when some after it are no longer kept. */
  readSince(seq: number): Promise<ClusterEvent[] | null>;
  /** Whether events wait in the outbox for NATS. */
  readonly backlogged: boolean;
  close(): Promise<void>;
}

export interface EventRelayDeps {
  link: NatsLink; events: EventBus; db: Db; nodeId: string; retentionH: number; log: Logger;
  publishTimeoutMs?: number;
  leftoverCheckMs?: number;
}

export async function startEventRelay(d: EventRelayDeps): Promise<EventRelay> {
  const log = d.log.child({ part: 'event-relay' });
  const subjects = subjectsOf(d.link.cluster.name);
  const jsm = await d.link.nc.jetstreamManager();
  const js = d.link.nc.jetstream();
  await ensureEventStream(jsm, subjects, d.retentionH);

  const listeners = new Set<(e: ClusterEvent) => void>();
  let lastSeq = 0;
  const receive = (e: ReceivedEvent): void => {
    if (e.seq <= lastSeq) return; // an ordered consumer never repeats; this keeps "each once" if it ever did
    lastSeq = e.seq;
    if (e.origin !== d.nodeId) deliverRemote(d.events, e, log);
    const event: ClusterEvent = { seq: e.seq, name: e.name, data: e.data };
    for (const l of listeners) {
      try {
        l(event);
      } catch (err) {
        log.error({ err, event: e.name }, 'event stream listener failed');
      }
    }
  };
  // New events only: from the stream's last sequence at start. Older ones are read on demand (readSince).
  const { last } = await streamBounds(jsm, subjects.eventStream);
  const following = await followEvents({ js, subjects, log }, last + 1, receive);
  const publisher = await EventPublisher.start({
    link: d.link, js, subjects, db: d.db, nodeId: d.nodeId, log, publishTimeoutMs: d.publishTimeoutMs, leftoverCheckMs: d.leftoverCheckMs,
  });
  const stopPublishing = d.events.onAny((name, payload) => publisher.push(name, payload, new Date()));

  return {
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readSince: (seq) => readEventsSince({ js, jsm, subjects }, seq),
    get backlogged() { return publisher.backlog; },
    async close() {
      stopPublishing();
      await publisher.close();
      await following.close();
      listeners.clear();
    },
  };
}

/** Another node's event to this node's cluster-wide listeners, its dates revived (event-codec.ts). */
function deliverRemote(events: EventBus, e: ReceivedEvent, log: Logger): void {
  let payload: unknown;
  try {
    payload = decodePayload(e.data);
  } catch (err) {
    log.error({ err, event: e.name, seq: e.seq }, 'unreadable event from the stream; skipped');
    return;
  }
  events.receiveRemote(e.name, payload as never);
}
