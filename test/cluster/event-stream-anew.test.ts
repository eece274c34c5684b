// A NATS server that comes back without its store (README "Running several nodes" → "When NATS is down"): the
// cluster's stream is gone, a node creates it again and its sequence restarts at 1. Two relays stand for two
// nodes (src/cluster/event-relay.ts) on a throwaway nats-server and a PostgreSQL database of their own, and node
// B's live stream (src/realtime/event-stream.ts) is served over real HTTP to an SSE client connected across the
// restart. Before the fix the stream stayed gone (every event of A stuck in the outbox), and once one existed
// again B dropped its events as already seen (their sequences were below the old stream's).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openNatsLink, type NatsLink } from '../../src/cluster/nats-link.js';
import { startEventRelay, type ClusterEvent, type EventRelay } from '../../src/cluster/event-relay.js';
import { EventStream } from '../../src/realtime/event-stream.js';
import { EventBus, type DomainEvents } from '../../src/shared/events.js';
import { createLogger } from '../../src/shared/logger.js';
import { countOutboxEvents } from '../../src/store/event-outbox.js';
import { clusterSkipReason } from '../helpers/cluster-nodes.js';
import { EventStreamClient, type StreamEvent } from '../helpers/event-stream-client.js';
import { NatsServer } from '../helpers/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const log = createLogger('silent');

interface Node { nodeId: string; bus: EventBus; link: NatsLink; relay: EventRelay; seen: ClusterEvent[]; resets: number }

const connectorStatus = (stationId: number, status: string): DomainEvents['connector.status'] =>
  ({ stationId, connectorId: 1, status, errorCode: 'NoError', info: null, at: new Date() });
const stationOf = (e: { data: string }): number => (JSON.parse(e.data) as { stationId: number }).stationId;
const streamedStations = (events: StreamEvent[]) =>
  events.map((e) => (e.event === 'resync' ? 'resync' : (e.data as { stationId: number }).stationId));

describe.skipIf(reason !== null)(`the event stream started anew by a NATS server without its store${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let nats: NatsServer;
  let db: TestDatabase;
  const clusterName = `anew_${randomBytes(4).toString('hex')}`;
  const nodes: Node[] = [];
  const clients: EventStreamClient[] = [];
  let stream: EventStream;
  let streamUrl = '';

  async function aNode(nodeId: string): Promise<Node> {
    const bus = new EventBus(log);
    const link = await openNatsLink({ natsUrl: nats.url, name: clusterName, nodeId, eventRetentionH: 24 }, log);
    const relay = await startEventRelay({ link, events: bus, db: db.database.db, nodeId, retentionH: 24, log, publishTimeoutMs: 1_000 });
    const node: Node = { nodeId, bus, link, relay, seen: [], resets: 0 };
    relay.onEvent((e) => node.seen.push(e));
    relay.onReset(() => node.resets++);
    nodes.push(node);
    return node;
  }

  /** Node B's live stream, as app.ts serves it at /api/events in cluster mode. */
  async function serveStreamOf(node: Node): Promise<() => void> {
    stream = new EventStream(node.bus, log, { backlogSize: 100, keepAliveMs: 60_000 }, node.relay);
    const server = express().get('/api/events', (req, res) => stream.subscribe(res, req.header('last-event-id') ?? undefined)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    streamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => { stream.close(); server.closeAllConnections(); server.close(); };
  }

  async function openStream(lastEventId?: string): Promise<EventStreamClient> {
    const client = await EventStreamClient.open({ url: streamUrl } as App, { lastEventId });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    nats = await NatsServer.start();
    db = await createTestDatabase();
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    for (const n of nodes) {
      await n.relay.close();
      await n.link.close();
    }
    await nats?.remove();
    await db?.drop();
  });

  it('delivers the events from before and after the restart to the other node once, in order; SSE clients get resync', async () => {
    const a = await aNode('node-a');
    const b = await aNode('node-b');
    const stopServing = await serveStreamOf(b);
    try {
      // The old stream's sequences run to 5: more than the new stream will hold, so a relay that kept its last
      // sequence would take every new event for one it had already delivered.
      for (let i = 1; i <= 5; i++) a.bus.emit('connector.status', connectorStatus(100 + i, 'Available'));
      await waitFor(() => b.seen.some((e) => stationOf(e) === 105));
      const across = await openStream();
      a.bus.emit('connector.status', connectorStatus(106, 'Available'));
      const oldId = (await across.next((e) => e.event === 'connector.status' && e.data.stationId === 106)).id!;
      expect(oldId).toBe('6');

      await nats.stop();
      await waitFor(() => !a.link.connected && !b.link.connected);
      a.bus.emit('connector.status', connectorStatus(901, 'Charging')); // while NATS is down: into A's outbox
      await waitFor(async () => (await countOutboxEvents(db.database.db, 'node-a')) === 1);

      await nats.resume({ store: 'lost' });
      await waitFor(() => a.link.connected && b.link.connected, 30_000);
      a.bus.emit('connector.status', connectorStatus(902, 'Finishing')); // after it is back
      a.bus.emit('connector.status', connectorStatus(903, 'Available')); // the marker: nothing before it twice

      const afterRestart = await waitFor(() => {
        const got = b.seen.filter((e) => stationOf(e) > 900);
        return got.some((e) => stationOf(e) === 903) ? got : null;
      }, 30_000);
      expect(afterRestart.map(stationOf)).toEqual([901, 902, 903]);
      expect(afterRestart.map((e) => e.seq)).toEqual([1, 2, 3]); // the new stream, from its start
      expect(b.resets).toBe(1);
      expect(await countOutboxEvents(db.database.db, 'node-a')).toBe(0);
      await waitFor(() => !a.relay.backlogged);
      await waitFor(() => a.seen.filter((e) => stationOf(e) > 900).length === 3);
      expect(a.seen.filter((e) => stationOf(e) > 900).map((e) => e.seq)).toEqual([1, 2, 3]);

      // The client connected across the restart: told to resync (id 0: before the new stream's first), then
      // the new stream's events, each once.
      await across.next((e) => e.event === 'connector.status' && e.data.stationId === 903);
      expect(streamedStations(across.events)).toEqual([106, 'resync', 901, 902, 903]);
      expect(across.events.map((e) => e.id)).toEqual(['6', '0', '1', '2', '3']);

      // An id of the old stream is not resumed against the new one, though the new one holds that number.
      const fromBefore = await openStream('2');
      await fromBefore.next((e) => e.event === 'resync');
      // And the id the resync carried resumes from the new stream's start.
      const fromResync = await openStream('0');
      await fromResync.next((e) => e.event === 'connector.status' && e.data.stationId === 903);
      expect(streamedStations(fromResync.events)).toEqual([901, 902, 903]);
      a.bus.emit('connector.status', connectorStatus(904, 'Preparing'));
      await fromBefore.next((e) => e.event === 'connector.status' && e.data.stationId === 904);
      expect(streamedStations(fromBefore.events)).toEqual(['resync', 904]);
    } finally {
      stopServing();
    }
  });
});
