// The live stream's resume in cluster mode (realtime/event-stream.ts over a SequencedEventSource), over a real
// HTTP connection. The source here is the test: the three-node test (test/cluster/events.test.ts) runs the real
// one (cluster/event-relay.ts), but only a source the test drives can hold a read back open while live events
// arrive, which is the moment a resume could miss or repeat one.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { EventBus } from '../../../src/shared/events.js';
import { createLogger } from '../../../src/shared/logger.js';
import { EventStream, type SequencedEvent, type SequencedEventSource } from '../../../src/realtime/event-stream.js';
import { EventStreamClient, type StreamEvent } from '../../helpers/event-stream-client.js';
import { waitFor } from '../../helpers/wait-for.js';

interface Read { seq: number; resolve(events: SequencedEvent[] | null): void; reject(err: Error): void }

/** A stream the test writes: live events by sequence, and reads back it answers when told. */
class DrivenSource implements SequencedEventSource {
  readonly reads: Read[] = [];
  private readonly listeners = new Set<(e: SequencedEvent) => void>();
  onEvent(listener: (e: SequencedEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  readSince(seq: number): Promise<SequencedEvent[] | null> {
    return new Promise((resolve, reject) => this.reads.push({ seq, resolve, reject }));
  }
  live(...seqs: number[]): void {
    for (const seq of seqs) for (const l of this.listeners) l(anEvent(seq));
  }
}

const anEvent = (seq: number): SequencedEvent => ({ seq, name: 'connector.status', data: JSON.stringify({ n: seq }) });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqsOf = (events: StreamEvent[]) => events.filter((e) => e.event !== 'resync').map((e) => Number(e.id));

describe('the live stream resuming from a cluster\'s stream', () => {
  const log = createLogger('silent');
  const source = new DrivenSource();
  const stream = new EventStream(new EventBus(log), log, { backlogSize: 5, keepAliveMs: 60_000 }, source);
  const clients: EventStreamClient[] = [];
  let url = '';

  beforeAll(async () => {
    const server = express().get('/api/events', (req, res) => stream.subscribe(res, req.header('last-event-id') ?? undefined)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => { stream.close(); server.closeAllConnections(); server.close(); };
  });
  afterAll(() => clients.forEach((c) => c.close()));

  async function resumeFrom(lastEventId: string): Promise<EventStreamClient> {
    const client = await EventStreamClient.open({ url } as App, { lastEventId });
    clients.push(client);
    return client;
  }

  it('ids are the stream sequences; the backlog answers a resume it covers, without reading back', async () => {
    source.live(...range(1, 10)); // the backlog keeps 6..10
    const client = await resumeFrom('7');
    source.live(11);
    await client.next((e) => e.id === '11');
    expect(seqsOf(client.events)).toEqual([8, 9, 10, 11]);
    expect(source.reads).toEqual([]);
  });

  it('reads back what the backlog lost, writes the live events of the read after it, and none twice', async () => {
    const client = await resumeFrom('3'); // 4 and 5 are no longer in the backlog (6..11)
    const read = await waitFor(() => source.reads.shift());
    expect(read.seq).toBe(3);
    source.live(12, 13); // while the read is under way: written after the missed ones (the order asserted below)

    read.resolve(range(4, 12).map(anEvent)); // the read reached 12, which also arrived live
    source.live(14);
    await client.next((e) => e.id === '14');
    expect(seqsOf(client.events)).toEqual(range(4, 14));
  });

  it('tells the client to resync when the stream no longer holds what it missed, then streams live', async () => {
    const client = await resumeFrom('1');
    (await waitFor(() => source.reads.shift())).resolve(null);
    source.live(15);
    await client.next((e) => e.id === '15');
    expect(client.events.map((e) => e.event)).toEqual(['resync', 'connector.status']);
  });

  it('tells the client to resync when the read fails (NATS away), and on an id that is not a sequence', async () => {
    const failed = await resumeFrom('2');
    (await waitFor(() => source.reads.shift())).reject(new Error('no NATS'));
    const notOurs = await resumeFrom('a1b2c3d4.17');
    source.live(16);
    for (const client of [failed, notOurs]) {
      await client.next((e) => e.id === '16');
      expect(client.events.map((e) => e.event)).toEqual(['resync', 'connector.status']);
    }
    expect(source.reads).toEqual([]);
  });

  it('forgets a client that leaves during the read', async () => {
    const before = stream.subscriberCount;
    const client = await resumeFrom('4');
    const read = await waitFor(() => source.reads.shift());
    expect(stream.subscriberCount).toBe(before + 1);
    client.close();
    await waitFor(() => stream.subscriberCount === before);
    const witness = await EventStreamClient.open({ url } as App); // a client that stays
    clients.push(witness);
    read.resolve(range(5, 16).map(anEvent));
    source.live(17);
    // The read's answer was handled before 17 reached the witness over HTTP: the client that left was not
    // joined back, the witness alone is counted.
    await witness.next((e) => e.id === '17');
    expect(stream.subscriberCount).toBe(before + 1);
  });
});
