// A subscriber's filter on the live stream (realtime/event-stream.ts, as a driver's stream uses it): it decides
// every event, live and replayed, in order and once each; `resync` reaches the client whatever the filter says;
// each event is parsed once for every filter asking; a subscriber without a filter gets everything, as before.
// Over a real HTTP connection, on one node (the bus) and in cluster mode (a source the test drives).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { EventBus } from '../../../src/shared/events.js';
import { createLogger } from '../../../src/shared/logger.js';
import { EventStream, type SequencedEvent, type SequencedEventSource } from '../../../src/realtime/event-stream.js';
import type { EventFilter, SentEvent } from '../../../src/realtime/event-filter.js';
import { EventStreamClient, type StreamEvent } from '../../helpers/event-stream-client.js';
import { waitFor } from '../../helpers/wait-for.js';

const log = createLogger('silent');
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

/** The filters the server hands out by ?filter=name, and every event each instance was asked about. */
const asked = new Map<string, SentEvent[]>();
function filterNamed(name: string, keep: (e: SentEvent) => boolean): EventFilter {
  return (e) => {
    asked.set(name, [...(asked.get(name) ?? []), e]);
    return keep(e);
  };
}
const connectorIs = (n: number) => (e: SentEvent) => e.name === 'connector.status' && e.payload.connectorId === n;
const filters: Record<string, (instance: string) => EventFilter> = {
  one: (i) => filterNamed(i, connectorIs(1)),
  two: (i) => filterNamed(i, connectorIs(2)),
  nothing: (i) => filterNamed(i, () => false),
};

async function serve(stream: EventStream): Promise<string> {
  const server = express().get('/api/events', (req, res) => {
    const name = typeof req.query.filter === 'string' ? req.query.filter : undefined;
    const instance = typeof req.query.instance === 'string' ? req.query.instance : String(name);
    stream.subscribe(res, req.header('last-event-id') ?? undefined, name ? filters[name]!(instance) : undefined);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => { stream.close(); server.closeAllConnections(); server.close(); });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const clients: EventStreamClient[] = [];
afterAll(() => clients.forEach((c) => c.close()));
async function openAt(url: string, query: string, lastEventId?: string): Promise<EventStreamClient> {
  const client = await EventStreamClient.open({ url } as App, { path: `/api/events${query}`, ...(lastEventId ? { lastEventId } : {}) });
  clients.push(client);
  return client;
}
const statusOf = (connectorId: number, at = new Date('2026-03-01T10:00:00Z')) =>
  ({ stationId: 1, connectorId, status: 'Available', errorCode: 'NoError', info: null, at });
const connectors = (events: StreamEvent[]) => events.filter((e) => e.event === 'connector.status').map((e) => e.data.connectorId as number);

describe('a filtered subscriber on one node', () => {
  const bus = new EventBus(log);
  const stream = new EventStream(bus, log, { backlogSize: 100, keepAliveMs: 60_000 });

  it('gets only what its filter passes; the others as before; each event parsed once for all filters', async () => {
    const url = await serve(stream);
    const [ones, twos, all] = [await openAt(url, '?filter=one'), await openAt(url, '?filter=two'), await openAt(url, '')];
    for (const n of [1, 2, 3, 1, 2]) bus.emit('connector.status', statusOf(n));
    await all.next((e) => e.event === 'connector.status' && all.events.length === 5);
    await twos.next((e) => twos.events.length === 2 && e.data.connectorId === 2);
    await ones.next((e) => ones.events.length === 2 && e.data.connectorId === 1);
    expect(connectors(all.events)).toEqual([1, 2, 3, 1, 2]);
    expect(connectors(ones.events)).toEqual([1, 1]);
    expect(connectors(twos.events)).toEqual([2, 2]);
    // Each filter was asked about every event once, in order, on the same parsed object (JSON: dates as strings).
    const [a, b] = [asked.get('one')!, asked.get('two')!];
    expect(a.map((e) => (e.name === 'connector.status' ? e.payload.connectorId : 0))).toEqual([1, 2, 3, 1, 2]);
    expect(a.every((e, i) => e === b[i])).toBe(true);
    expect(a[0]!.payload).toMatchObject({ at: '2026-03-01T10:00:00.000Z' });
  });

  it('filters the events a resume replays from the backlog, and sends resync whatever the filter says', async () => {
    const url = await serve(stream);
    const first = await openAt(url, '');
    bus.emit('connector.status', statusOf(9));
    const seen = await first.next((e) => e.data?.connectorId === 9);
    for (const n of [1, 2, 1]) bus.emit('connector.status', statusOf(n));
    const resumed = await openAt(url, '?filter=one&instance=resumed', seen.id!);
    bus.emit('connector.status', statusOf(1));
    await resumed.next(() => resumed.events.length === 3);
    expect(connectors(resumed.events)).toEqual([1, 1, 1]);
    expect(asked.get('resumed')!.map((e) => (e.name === 'connector.status' ? e.payload.connectorId : 0))).toEqual([1, 2, 1, 1]);

    const lost = await openAt(url, '?filter=nothing', 'deadbeef.3');
    expect((await lost.next((e) => e.event === 'resync')).data).toMatchObject({ reason: expect.any(String) });
  });
});

/** A stream the test writes: live events by sequence, and reads back it answers when told. */
class DrivenSource implements SequencedEventSource {
  readonly reads: Array<{ seq: number; resolve(events: SequencedEvent[] | null): void }> = [];
  private readonly listeners = new Set<(e: SequencedEvent) => void>();
  onEvent(listener: (e: SequencedEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  readSince(seq: number): Promise<SequencedEvent[] | null> {
    return new Promise((resolve) => this.reads.push({ seq, resolve }));
  }
  live(...seqs: number[]): void {
    for (const seq of seqs) for (const l of this.listeners) l(anEvent(seq));
  }
}
/** Event n is connector.status of connector 1 when n is odd, 2 when even. */
const anEvent = (seq: number): SequencedEvent =>
  ({ seq, name: 'connector.status', data: JSON.stringify(statusOf(seq % 2 === 1 ? 1 : 2)) });

describe('a filtered subscriber in cluster mode', () => {
  const source = new DrivenSource();
  const stream = new EventStream(new EventBus(log), log, { backlogSize: 3, keepAliveMs: 60_000 }, source);

  it('filters what a resume reads back and what arrives during the read, none twice', async () => {
    const url = await serve(stream);
    source.live(1, 2, 3, 4, 5, 6); // the backlog keeps 4..6
    const client = await openAt(url, '?filter=one&instance=cluster', '1');
    const read = await waitFor(() => source.reads.shift());
    source.live(7, 8); // during the read
    read.resolve([2, 3, 4, 5, 6, 7].map(anEvent));
    source.live(9);
    await client.next((e) => e.id === '9');
    expect(client.events.map((e) => Number(e.id))).toEqual([3, 5, 7, 9]);
    expect(asked.get('cluster')!.length).toBe(8); // 2..9, each once
  });

  it('sends resync to a filtered client when the stream no longer holds what it missed', async () => {
    const url = await serve(stream);
    const client = await openAt(url, '?filter=nothing&instance=gone', '1');
    (await waitFor(() => source.reads.shift())).resolve(null);
    await client.next((e) => e.event === 'resync');
    source.live(10, 11);
    await waitFor(() => (asked.get('gone')?.length ?? 0) >= 2);
    expect(client.events.map((e) => e.event)).toEqual(['resync']);
  });
});
