// The live stream to staff views (Server-Sent Events). Every domain event, emitted after its commit, leaves
// at once to every subscriber. A client reconnecting with Last-Event-ID gets what it missed from a bounded
// backlog; when that is not possible (the backlog moved on, or the central system restarted) it gets a `resync`
// event telling it to reload its state, never a silent gap.
//
// On one node the events come from the bus and their ids are "<run>.<seq>". In a cluster (issue 15) they come
// from the stream every node publishes to (a SequencedEventSource, cluster/event-relay.ts) and the id is the
// stream's sequence, a plain integer: Last-Event-ID resumes on any node and after any node's restart, from the
// backlog when it covers, else read back from the stream; beyond the stream's retention, `resync`. When the
// stream starts anew (NATS lost its store; the source's onReset) every client gets `resync` at once, and an id
// from before then is not resumed: the new stream reuses the same numbers for other events.
//
// A subscriber may bring a filter (event-filter.ts: a driver hears only their own): it decides each event, the
// missed ones replayed on a resume included, and never `resync`. An event it leaves out still counts as passed
// for that client (never sent later), and a reconnect resumes after the last event the client did get.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { EventBus, EventName } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { EventFilter, SentEvent } from './event-filter.js';

export interface SequencedEvent {
  seq: number;
  name: EventName;
  data: string;
}

/** Every node's events in one order, each with its sequence in it (realtime/ does not know where it lives). */
export interface SequencedEventSource {
  onEvent(listener: (e: SequencedEvent) => void): () => void;
  /** The events after `seq` in order; null when some of them are no longer kept. */
  readSince(seq: number): Promise<SequencedEvent[] | null>;
  /**
   * The sequence restarted (from 1, on a new stream): every event before is gone and its numbers will be reused.
   * Optional: a source whose sequence never restarts need not offer it.
   */
  onReset?(listener: () => void): () => void;
}

interface StreamedEvent {
  seq: number;
  name: EventName | 'resync';
  data: string;
}

export interface EventStreamOptions {
  backlogSize: number;
  keepAliveMs: number;
}

/**
 * An event of this node's own bus, put in JSON only when a client is sent it (issue 14: at most charger messages
 * nobody listens, and the backlog is read back only on a resume). The payload is emitted after its commit and
 * never changed afterwards (shared/events.ts), so the JSON is the same whenever it is made.
 */
class LocalEvent implements SequencedEvent {
  private json: string | undefined;
  constructor(readonly seq: number, readonly name: EventName, private readonly payload: unknown) {}
  get data(): string {
    return (this.json ??= JSON.stringify(this.payload));
  }
}

const RESYNC_REASON = JSON.stringify({ reason: 'missed events are no longer kept' });
const RESTARTED_REASON = JSON.stringify({ reason: 'the event stream started anew' });

export class EventStream {
  private readonly runId = randomBytes(4).toString('hex');
  private readonly backlog: StreamedEvent[] = [];
  /** Each subscriber with the sequence of the last event it was sent: none is sent twice. */
  private readonly subscribers = new Map<Response, number>();
  /** Subscribers whose missed events are being read back: the live events meanwhile, kept for them. */
  private readonly joining = new Map<Response, SequencedEvent[]>();
  /** The subscribers that hear only some events, with what decides. */
  private readonly filters = new Map<Response, EventFilter>();
  /** Each event's payload parsed, once whatever the number of filters asking (an event is one object: live and in the backlog). */
  private readonly parsed = new WeakMap<StreamedEvent, SentEvent>();
  private seq = 0;
  /**
   * The highest id sent before the source's sequence last restarted (0: it never did). An id up to it may name
   * an event of the old stream as well as one of the new: only resync is safe for it (never a silent gap).
   */
  private idsReusedThrough = 0;
  private readonly stopListening: () => void;
  private readonly stopListeningForResets: () => void;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(events: EventBus, private readonly log: Logger, private readonly o: EventStreamOptions,
    private readonly source: SequencedEventSource | null = null) {
    this.stopListening = source
      ? source.onEvent((e) => this.publish(e))
      : events.onAny((name, payload) => this.publish(new LocalEvent(this.seq + 1, name, payload)));
    this.stopListeningForResets = source?.onReset?.(() => this.restart()) ?? (() => undefined);
    // A comment line now and then keeps proxies from closing an idle stream.
    this.keepAlive = setInterval(() => this.subscribers.forEach((_, res) => res.write(': keep-alive\n\n')), o.keepAliveMs);
    this.keepAlive.unref();
  }

  get subscriberCount(): number {
    return this.subscribers.size + this.joining.size;
  }

  /** filter: this subscriber gets only the events it passes (and always `resync`); none: every event. */
  subscribe(res: Response, lastEventId: string | undefined, filter?: EventFilter): void {
    // Gone while its route was still reading (a driver's running sessions): its 'close' came and went already.
    if (res.destroyed) return;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    if (filter) this.filters.set(res, filter);
    res.on('close', () => {
      this.subscribers.delete(res);
      this.joining.delete(res);
      this.filters.delete(res);
    });
    if (lastEventId === undefined) this.subscribers.set(res, this.seq);
    else if (this.source) this.resumeFromStream(res, lastEventId, this.source);
    else this.subscribers.set(res, this.replay(res, lastEventId));
  }

  close(): void {
    this.stopListening();
    this.stopListeningForResets();
    clearInterval(this.keepAlive);
    for (const res of [...this.subscribers.keys(), ...this.joining.keys()]) res.end();
    this.subscribers.clear();
    this.joining.clear();
    this.filters.clear();
  }

  private publish(event: SequencedEvent): void {
    this.seq = event.seq;
    this.backlog.push(event);
    if (this.backlog.length > this.o.backlogSize) this.backlog.shift();
    // Framed only for someone: at most charger messages the stream has no one listening (issue 14).
    if (this.subscribers.size > 0) this.sendLive(event);
    for (const waiting of this.joining.values()) waiting.push(event);
  }

  private sendLive(event: SequencedEvent): void {
    const frame = this.frame(event);
    for (const [res, sent] of this.subscribers) {
      if (event.seq <= sent) continue;
      if (this.passes(res, event)) res.write(frame);
      this.subscribers.set(res, event.seq);
    }
  }

  /**
   * The source's sequence restarted: what the backlog holds and what each client was sent are numbers of a stream
   * that is gone. Every client, those whose missed events are being read back included, gets `resync` (id 0:
   * before the new stream's first event, so a reconnect resumes from its start) and then the new stream's events.
   */
  private restart(): void {
    this.idsReusedThrough = Math.max(this.idsReusedThrough, this.seq);
    this.seq = 0;
    this.backlog.length = 0;
    const clients = [...this.subscribers.keys(), ...this.joining.keys()];
    this.joining.clear(); // their read back, when it answers, finds them gone from here (resumeFromStream's join)
    for (const res of clients) this.subscribers.set(res, this.resync(res, 'restart', RESTARTED_REASON));
    this.log.info({ clients: clients.length }, 'event stream started anew; clients told to resync');
  }

  /** One node: from the backlog of this run, else resync. Returns the last sequence sent. */
  private replay(res: Response, lastEventId: string): number {
    const [run, seqText] = lastEventId.split('.');
    const lastSeq = Number(seqText);
    const resumable = run === this.runId && Number.isInteger(lastSeq) && this.backlogCovers(lastSeq);
    if (!resumable) return this.resync(res, lastEventId);
    return this.writeAfter(res, this.backlog, lastSeq);
  }

  /**
   * A cluster: from the backlog when it covers, else read back from the stream. Events arriving during the read
   * are kept and written after what was read, so the client misses none and gets none twice.
   */
  private resumeFromStream(res: Response, lastEventId: string, source: SequencedEventSource): void {
    const lastSeq = /^\d+$/.test(lastEventId) ? Number(lastEventId) : null;
    // Not a sequence, or a number the stream used before it started anew (and may use again for other events).
    if (lastSeq === null || (lastSeq > 0 && lastSeq <= this.idsReusedThrough)) {
      this.subscribers.set(res, this.resync(res, lastEventId));
      return;
    }
    if (this.backlog.length > 0 && this.backlogCovers(lastSeq)) {
      this.subscribers.set(res, this.writeAfter(res, this.backlog, lastSeq));
      return;
    }
    const arriving: SequencedEvent[] = [];
    this.joining.set(res, arriving);
    const join = (missed: SequencedEvent[] | null): void => {
      if (!this.joining.delete(res)) return; // the client left, or the stream closed, during the read
      const sent = missed === null ? (this.resync(res, lastEventId), 0) : this.writeAfter(res, missed, lastSeq);
      this.subscribers.set(res, this.writeAfter(res, arriving, sent));
    };
    source.readSince(lastSeq).then(join, (err: unknown) => {
      this.log.warn({ err, lastEventId }, 'event stream could not read the missed events back');
      join(null);
    });
  }

  /** The backlog holds every event after `lastSeq` (or `lastSeq` is the newest). */
  private backlogCovers(lastSeq: number): boolean {
    const oldest = this.backlog[0]?.seq ?? this.seq + 1;
    return lastSeq <= this.seq && lastSeq >= oldest - 1;
  }

  private writeAfter(res: Response, events: readonly StreamedEvent[], lastSeq: number): number {
    let sent = lastSeq;
    for (const event of events) {
      if (event.seq <= sent) continue;
      if (this.passes(res, event)) res.write(this.frame(event));
      sent = event.seq;
    }
    return sent;
  }

  /** Whether this subscriber gets the event: yes without a filter; a filter that throws (a bug) keeps it out. */
  private passes(res: Response, event: StreamedEvent): boolean {
    const filter = this.filters.get(res);
    if (!filter || event.name === 'resync') return true;
    try {
      return filter(this.payloadOf(event));
    } catch (err) {
      this.log.error({ err, event: event.name, seq: event.seq }, 'event stream filter failed; event not sent to that client');
      return false;
    }
  }

  private payloadOf(event: StreamedEvent): SentEvent {
    let parsed = this.parsed.get(event);
    if (!parsed) {
      // The data is our own JSON of the event's payload (publish, or the cluster's relay of it).
      parsed = { name: event.name, payload: JSON.parse(event.data) } as SentEvent;
      this.parsed.set(event, parsed);
    }
    return parsed;
  }

  /** Tells the client to reload its state; it then gets the live events from here on. */
  private resync(res: Response, lastEventId: string, reason = RESYNC_REASON): number {
    this.log.debug({ lastEventId }, 'event stream cannot resume; asking the client to resync');
    res.write(this.frame({ seq: this.seq, name: 'resync', data: reason }));
    return this.source ? 0 : this.seq;
  }

  private frame(e: StreamedEvent): string {
    const id = this.source ? String(e.seq) : `${this.runId}.${e.seq}`;
    return `id: ${id}\nevent: ${e.name}\ndata: ${e.data}\n\n`;
  }
}
