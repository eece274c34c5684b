// The cluster's event stream in JetStream (issue 15 item 4): created or updated at start and after each reconnect
// to NATS, followed live from its end by each node, and read back from a sequence for an SSE client resuming with
// Last-Event-ID.
import { randomUUID } from 'node:crypto';
import {
  DeliverPolicy, DiscardPolicy, StorageType, nanos,
  type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type StreamConfig, type StreamInfo,
} from 'nats';
import type { EventName } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { Subjects } from './subjects.js';
import { ORIGIN_HEADER } from './event-codec.js';

/** One event as the stream holds it: its sequence is the SSE event id. */
export interface ClusterEvent { seq: number; name: EventName; data: string }
/** And the node that emitted it. */
export interface ReceivedEvent extends ClusterEvent { origin: string | null }

// A client away longer than this many events reloads its state (resync) instead of replaying them one by one.
const MAX_REPLAY = 20_000;

/**
 * Creates the stream, or brings an existing one's retention to this configuration (EVENT_RETENTION_H). Returns
 * what the server then holds: its description tells a stream created anew (NATS lost its store) from the one
 * followed so far (isNewStream).
 */
export async function ensureEventStream(jsm: JetStreamManager, subjects: Subjects, retentionH: number): Promise<StreamInfo> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: subjects.eventStream, subjects: [subjects.events], storage: StorageType.File,
    max_age: nanos(retentionH * 3_600_000), discard: DiscardPolicy.Old,
  };
  const exists = await jsm.streams.info(subjects.eventStream).then(() => true, () => false);
  if (!exists) {
    try {
      return await jsm.streams.add({ ...config, description: `ChargeSync domain events, created as ${randomUUID()}` });
    } catch {
      // Another node created it a moment ago: bring it to this configuration below.
    }
  }
  // The update keeps the description (the client library merges it into the stream's current configuration).
  const { name, ...update } = config;
  return jsm.streams.update(name, update);
}

/**
 * Whether `now` is another stream than `before`, though under the same name: a NATS server that came back
 * without its store (no persistent `-sd`), after a node created it again. Told by the random id its creator
 * wrote into its description: kept in the store with the stream's configuration, the same on every node, new
 * with each creation. Not by `created`: nats-server 2.9 stores the time of its own restart as the creation time
 * when a stream is updated after a restart, so a stream that kept its events would look new (and be delivered
 * again from its start). Not by its sequences: a new stream may already hold more events than the old one had,
 * and a purge moves first_seq on the same stream. A stream from before this id (no description) stays itself.
 */
export function isNewStream(before: StreamInfo, now: StreamInfo): boolean {
  return (before.config.description ?? '') !== (now.config.description ?? '');
}

/** The stream's current last sequence (0 when empty), and its first still kept. */
export async function streamBounds(jsm: JetStreamManager, stream: string): Promise<{ first: number; last: number }> {
  const { state } = await jsm.streams.info(stream);
  return { first: state.first_seq, last: state.last_seq };
}

export function toReceived(m: JsMsg, subjects: Subjects): ReceivedEvent {
  const prefix = subjects.event('');
  return {
    seq: m.seq, name: m.subject.slice(prefix.length) as EventName, data: m.string(),
    origin: m.headers?.get(ORIGIN_HEADER) || null,
  };
}

/**
 * Follows the stream from `startSeq` on. An ordered consumer: the client library recreates it from the last
 * sequence it delivered when the server restarts or the consumer is lost, so nothing is skipped or repeated.
 */
export async function followEvents(
  d: { js: JetStreamClient; subjects: Subjects; log: Logger }, startSeq: number, onMessage: (e: ReceivedEvent) => void,
): Promise<ConsumerMessages> {
  const consumer = await d.js.consumers.get(d.subjects.eventStream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
  // A throw inside a nats.js callback stops the client's reader (see cluster/holds.ts): an unreadable message or
  // a failing listener is logged and skipped.
  const messages = await consumer.consume({
    callback: (m) => {
      try {
        onMessage(toReceived(m, d.subjects));
      } catch (err) {
        d.log.error({ err, seq: m.seq }, 'event from the stream could not be taken; skipped');
      }
    },
  });
  void (async () => {
    for await (const s of await messages.status()) {
      if (s.type === 'ordered_consumer_recreated') d.log.info({ consumer: s.data }, 'event stream consumer recreated');
    }
  })().catch(() => undefined);
  return messages;
}

/**
 * The events after `seq`, in order, read up to the stream's last sequence as it is now; null when the stream no
 * longer holds the one right after `seq` (retention moved on), when `seq` is beyond its end (another stream,
 * e.g. NATS' store was wiped), or when more than MAX_REPLAY are missing.
 */
export async function readEventsSince(
  d: { js: JetStreamClient; jsm: JetStreamManager; subjects: Subjects }, seq: number,
): Promise<ClusterEvent[] | null> {
  const { first, last } = await streamBounds(d.jsm, d.subjects.eventStream);
  if (!Number.isInteger(seq) || seq < 0 || seq > last) return null;
  if (seq === last) return [];
  if (seq + 1 < first || last - seq > MAX_REPLAY) return null;
  // Gone from the server 10 s after the read (the library's default keeps an idle one 5 minutes: one per resume).
  const consumer = await d.js.consumers.get(d.subjects.eventStream, {
    deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1, inactive_threshold: 10_000,
  });
  const events: ClusterEvent[] = [];
  while (events.length < last - seq) {
    const batch = await consumer.fetch({ max_messages: Math.min(1_000, last - seq - events.length), expires: 2_000 });
    const before = events.length;
    for await (const m of batch) {
      const { origin: _origin, ...e } = toReceived(m, d.subjects);
      // The first one kept may be later than asked: the ones between aged out while we read.
      if (events.length === 0 && e.seq !== seq + 1) return null;
      events.push(e);
      if (e.seq >= last) return events;
    }
    if (events.length === before) throw new Error(`the event stream stopped before sequence ${last}`);
  }
  return events;
}
