// The live stream to staff views (Server-Sent Events). Every domain event, emitted after its commit, leaves
// at once to every subscriber. Event ids are "<run>.<seq>": a client reconnecting with Last-Event-ID gets
// what it missed from a bounded backlog; when that is not possible (the backlog moved on, or the central
// system restarted) it gets a `resync` event telling it to reload its state, never a silent gap.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { EventBus, EventName } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';

interface StreamedEvent {
  seq: number;
  name: EventName | 'resync';
  data: string;
}

export interface EventStreamOptions {
  backlogSize: number;
  keepAliveMs: number;
}

export class EventStream {
  private readonly runId = randomBytes(4).toString('hex');
  private readonly backlog: StreamedEvent[] = [];
  private readonly subscribers = new Set<Response>();
  private seq = 0;
  private readonly stopListening: () => void;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(events: EventBus, private readonly log: Logger, private readonly o: EventStreamOptions) {
    this.stopListening = events.onAny((name, payload) => this.publish(name, payload));
    // A comment line now and then keeps proxies from closing an idle stream.
    this.keepAlive = setInterval(() => this.subscribers.forEach((res) => res.write(': keep-alive\n\n')), o.keepAliveMs);
    this.keepAlive.unref();
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscribe(res: Response, lastEventId: string | undefined): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    if (lastEventId !== undefined) this.replay(res, lastEventId);
    this.subscribers.add(res);
    res.on('close', () => this.subscribers.delete(res));
  }

  close(): void {
    this.stopListening();
    clearInterval(this.keepAlive);
    for (const res of this.subscribers) res.end();
    this.subscribers.clear();
  }

  private publish(name: EventName, payload: unknown): void {
    const event: StreamedEvent = { seq: ++this.seq, name, data: JSON.stringify(payload) };
    this.backlog.push(event);
    if (this.backlog.length > this.o.backlogSize) this.backlog.shift();
    const frame = this.frame(event);
    for (const res of this.subscribers) res.write(frame);
  }

  private replay(res: Response, lastEventId: string): void {
    const [run, seqText] = lastEventId.split('.');
    const lastSeq = Number(seqText);
    const oldest = this.backlog[0]?.seq ?? this.seq + 1;
    const resumable = run === this.runId && Number.isInteger(lastSeq) && lastSeq <= this.seq && lastSeq >= oldest - 1;
    if (!resumable) {
      this.log.debug({ lastEventId }, 'event stream cannot resume; asking the client to resync');
      res.write(this.frame({ seq: this.seq, name: 'resync', data: JSON.stringify({ reason: 'missed events are no longer kept' }) }));
      return;
    }
    for (const event of this.backlog) if (event.seq > lastSeq) res.write(this.frame(event));
  }

  private frame(e: StreamedEvent): string {
    return `id: ${this.runId}.${e.seq}\nevent: ${e.name}\ndata: ${e.data}\n\n`;
  }
}
