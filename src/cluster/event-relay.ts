// Every node's events, on every node (issue 15 items 4 and 7). This node's events are published to the
// cluster's JetStream stream after commit (event-publisher.ts: in emission order, through the outbox while NATS
// is away); the stream is followed from its end at start, and each event from another node reaches this
// node's cluster-wide listeners (EventBus.receiveRemote: caches such as the slot statuses), while every event,
// this node's included, reaches the live stream to staff with its stream sequence as its id (realtime/).
// After each reconnect the stream is ensured again: a NATS server that came back without its store has none, or
// one a node created anew, whose sequence starts again at 1. That one is followed from its start and the live
// stream is told (onReset), so dashboards resync (README "When NATS is down").
import type { ConsumerMessages, JetStreamClient, JetStreamManager, StreamInfo } from 'nats';
import type { Db } from '../store/db.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { NatsLink } from './nats-link.js';
import { subjectsOf, type Subjects } from './subjects.js';
import { decodePayload } from './event-codec.js';
import { EventPublisher } from './event-publisher.js';
import {
  ensureEventStream, followEvents, isNewStream, readEventsSince, type ClusterEvent, type ReceivedEvent,
} from './event-log.js';

export type { ClusterEvent } from './event-log.js';

export interface EventRelay {
  /** Every node's events, this node's included, in stream order, each once, as they arrive. */
  onEvent(listener: (e: ClusterEvent) => void): () => void;
  /**
   * The stream was created anew (NATS came back without its store): its sequence starts again at 1, events
   * before it are gone, and the next ones onEvent delivers are the new stream's from its start.
   */
  onReset(listener: () => void): () => void;
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
  /** How often ensuring the stream after a reconnect is tried again while it fails (JetStream still starting). */
  ensureRetryMs?: number;
}

export async function startEventRelay(d: EventRelayDeps): Promise<EventRelay> {
  const log = d.log.child({ part: 'event-relay' });
  const subjects = subjectsOf(d.link.cluster.name);
  const jsm = await d.link.nc.jetstreamManager();
  const js = d.link.nc.jetstream();
  const stream = await ensureEventStream(jsm, subjects, d.retentionH);

  const listeners = new Set<(e: ClusterEvent) => void>();
  const resetListeners = new Set<() => void>();
  const follower = new StreamFollower({ js, subjects, log }, (e) => {
    if (e.origin !== d.nodeId) deliverRemote(d.events, e, log);
    notifyAll(listeners, { seq: e.seq, name: e.name, data: e.data }, log);
  });
  // New events only: from the stream's last sequence at start. Older ones are read on demand (readSince).
  await follower.follow(stream.state.last_seq + 1);
  const publisher = await EventPublisher.start({
    link: d.link, js, subjects, db: d.db, nodeId: d.nodeId, log, publishTimeoutMs: d.publishTimeoutMs, leftoverCheckMs: d.leftoverCheckMs,
  });
  const watch = watchStreamAfterReconnects({ link: d.link, jsm, subjects, retentionH: d.retentionH, log, retryMs: d.ensureRetryMs ?? 1_000 }, stream, {
    onNewStream: () => follower.startOver(() => notifyAll(resetListeners, undefined, log)),
    onEnsured: () => publisher.retryNow(),
  });
  const stopPublishing = d.events.onAny((name, payload) => publisher.push(name, payload, new Date()));

  return {
    onEvent: (listener) => addTo(listeners, listener),
    onReset: (listener) => addTo(resetListeners, listener),
    readSince: (seq) => readEventsSince({ js, jsm, subjects }, seq),
    get backlogged() { return publisher.backlog; },
    async close() {
      stopPublishing();
      await watch.stop();
      await publisher.close();
      await follower.close();
      listeners.clear();
      resetListeners.clear();
    },
  };
}

function addTo<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => set.delete(item);
}

/** Each listener called; one that throws is logged and does not keep the event from the others. */
function notifyAll<T>(listeners: Set<(value: T) => void>, value: T, log: Logger): void {
  for (const l of listeners) {
    try {
      l(value);
    } catch (err) {
      log.error({ err }, 'event stream listener failed');
    }
  }
}

/** Follows the stream and hands on each event once, in order; starts over from the start of a new stream. */
class StreamFollower {
  private lastSeq = 0;
  /** Bumped on each (re)start: events still arriving from a consumer given up on are dropped. */
  private generation = 0;
  private following: ConsumerMessages | null = null;

  constructor(private readonly d: { js: JetStreamClient; subjects: Subjects; log: Logger }, private readonly deliver: (e: ReceivedEvent) => void) {}

  async follow(startSeq: number): Promise<void> {
    const generation = ++this.generation;
    this.stopFollowing();
    this.following = await followEvents(this.d, startSeq, (e) => {
      // An ordered consumer never repeats; this keeps "each once" if it ever did.
      if (generation !== this.generation || e.seq <= this.lastSeq) return;
      this.lastSeq = e.seq;
      this.deliver(e);
    });
  }

  /**
   * A new stream: its sequences restart at 1, so the old consumer (which the client library recreates from the
   * old stream's sequence, skipping every new event below it) is given up, and `lastSeq` with it. `announce`
   * runs in between: whoever listens hears of the restart before the new stream's first event.
   */
  async startOver(announce: () => void): Promise<void> {
    this.generation++;
    this.stopFollowing();
    this.lastSeq = 0;
    announce();
    await this.follow(1);
  }

  async close(): Promise<void> {
    this.generation++;
    const following = this.following;
    this.following = null;
    await following?.close();
  }

  /** Not awaited: an ordered consumer waiting for a stream that is gone may take its backoff to settle. */
  private stopFollowing(): void {
    const following = this.following;
    this.following = null;
    following?.close().catch(() => undefined);
  }
}

interface StreamWatchDeps {
  link: NatsLink; jsm: JetStreamManager; subjects: Subjects; retentionH: number; log: Logger; retryMs: number;
}

/**
 * On each reconnect to NATS: the stream ensured (a server that came back without its store has none, and every
 * publish fails until some node creates it), and, when it is not the one followed so far, `onNewStream`. Then
 * `onEnsured`, so the publisher drains its outbox into the stream at once instead of at its next retry.
 */
function watchStreamAfterReconnects(d: StreamWatchDeps, followed: StreamInfo, on: { onNewStream(): Promise<void>; onEnsured(): void }) {
  let known = followed;
  let checking: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const checkOnce = async (): Promise<void> => {
    const now = await ensureEventStream(d.jsm, d.subjects, d.retentionH);
    if (isNewStream(known, now)) {
      d.log.warn({ stream: d.subjects.eventStream, description: now.config.description }, 'the event stream was created anew (NATS lost its store); following it from its start');
      await on.onNewStream();
      known = now; // only now: if following the new stream failed, the retry starts over again
    }
    on.onEnsured();
  };
  const check = async (): Promise<void> => {
    while (!stopped) {
      try {
        return await checkOnce();
      } catch (err) {
        if (stopped || !d.link.connected) return; // the next reconnect checks again
        d.log.warn({ err }, 'could not ensure the event stream after a reconnect; trying again');
        await new Promise((r) => setTimeout(r, d.retryMs));
      }
    }
  };
  const run = (): void => {
    if (stopped) return;
    if (checking) { again = true; return; }
    checking = check().finally(() => {
      checking = null;
      if (again) { again = false; run(); }
    });
  };
  const stopWatching = d.link.onChange((connected) => { if (connected) run(); });
  return {
    async stop(): Promise<void> {
      stopped = true;
      stopWatching();
      while (checking) await checking;
    },
  };
}

/**
 * Another node's event to this node's cluster-wide listeners, its dates revived (event-codec.ts). Not decoded at
 * all when none listens: session.updated, a node's most frequent event, has none.
 */
function deliverRemote(events: EventBus, e: ReceivedEvent, log: Logger): void {
  if (!events.hasClusterWide(e.name)) return;
  let payload: unknown;
  try {
    payload = decodePayload(e.data);
  } catch (err) {
    log.error({ err, event: e.name, seq: e.seq }, 'unreadable event from the stream; skipped');
    return;
  }
  events.receiveRemote(e.name, payload as never);
}
