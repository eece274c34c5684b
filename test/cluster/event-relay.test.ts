// The event relay (src/cluster/event-relay.ts, event-publisher.ts, event-log.ts, store/event-outbox.ts) in one
// process: two relays stand for two nodes, each with its own bus and NATS connection, on a throwaway
// nats-server and a PostgreSQL database of their own. What the three-node test (events.test.ts) cannot look
// into: the outbox's rows while NATS is away, their order once drained, and a replay past the retention.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNatsLink, type NatsLink } from '../../src/cluster/nats-link.js';
import { startEventRelay, type ClusterEvent, type EventRelay } from '../../src/cluster/event-relay.js';
import { subjectsOf } from '../../src/cluster/subjects.js';
import { EventBus, type DomainEvents } from '../../src/shared/events.js';
import { createLogger } from '../../src/shared/logger.js';
import { headers } from 'nats';
import { sql } from 'drizzle-orm';
import { appendOutboxEvents, countOutboxEvents } from '../../src/store/event-outbox.js';
import { contentMessageId, ORIGIN_HEADER } from '../../src/cluster/event-codec.js';
import { recordNodeStarted, recordNodeStopped } from '../../src/store/cluster-nodes.js';
import { clusterSkipReason } from '../helpers/cluster-nodes.js';
import { NatsServer } from '../helpers/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const log = createLogger('silent');

interface Node { nodeId: string; bus: EventBus; link: NatsLink; relay: EventRelay; seen: ClusterEvent[]; resets: number }

const connectorStatus = (stationId: number, status: string): DomainEvents['connector.status'] =>
  ({ stationId, connectorId: 1, status, errorCode: 'NoError', info: null, at: new Date() });

describe.skipIf(reason !== null)(`the event relay between two nodes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let nats: NatsServer;
  let db: TestDatabase;
  const clusterName = `relay_${randomBytes(4).toString('hex')}`;
  const nodes: Node[] = [];
  let a: Node;
  let b: Node;

  async function aNode(nodeId: string): Promise<Node> {
    const bus = new EventBus(log);
    const link = await openNatsLink({ natsUrl: nats.url, name: clusterName, nodeId, eventRetentionH: 24 }, log);
    // A short publish timeout: a publish caught by the server's stop fails over to the outbox quickly.
    const relay = await startEventRelay({
      link, events: bus, db: db.database.db, nodeId, retentionH: 24, log, publishTimeoutMs: 1_000, leftoverCheckMs: 200,
    });
    const node: Node = { nodeId, bus, link, relay, seen: [], resets: 0 };
    relay.onEvent((e) => node.seen.push(e));
    relay.onReset(() => node.resets++);
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    nats = await NatsServer.start();
    db = await createTestDatabase();
    a = await aNode('node-a');
    b = await aNode('node-b');
  });

  afterAll(async () => {
    for (const n of nodes) {
      await n.relay.close();
      await n.link.close();
    }
    await nats?.remove();
    await db?.drop();
  });

  it('delivers an event emitted on one node to both, with one stream sequence, and to the other\'s cluster-wide listeners with its dates', async () => {
    const heardOnB: Array<DomainEvents['connector.status']> = [];
    const heardOnA: Array<DomainEvents['connector.status']> = [];
    const stopB = b.bus.onClusterWide('connector.status', (e) => heardOnB.push(e));
    const stopA = a.bus.onClusterWide('connector.status', (e) => heardOnA.push(e));
    const emitted = connectorStatus(101, 'Charging');

    a.bus.emit('connector.status', emitted);

    const onB = await waitFor(() => b.seen.find((e) => e.name === 'connector.status' && JSON.parse(e.data).stationId === 101));
    const onA = await waitFor(() => a.seen.find((e) => e.seq === onB.seq));
    expect(onA).toEqual(onB);
    expect(heardOnB).toEqual([emitted]); // the same types: `at` is a Date again
    expect(heardOnB[0]!.at).toBeInstanceOf(Date);
    expect(heardOnA).toEqual([emitted]); // its own node heard it once, when it was emitted, not again from the stream
    stopA();
    stopB();
  });

  it('reads back the events after a sequence in order; nothing after the last; null beyond the end', async () => {
    const before = a.seen.at(-1)?.seq ?? 0;
    for (let i = 0; i < 5; i++) a.bus.emit('connector.status', connectorStatus(200 + i, 'Available'));
    const last = await waitFor(() => a.seen.find((e) => e.data.includes('"stationId":204')));

    const read = await b.relay.readSince(before);

    expect(read?.map((e) => JSON.parse(e.data).stationId)).toEqual([200, 201, 202, 203, 204]);
    expect(read?.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((i) => before + i));
    expect(await b.relay.readSince(last.seq)).toEqual([]);
    expect(await b.relay.readSince(last.seq + 100)).toBeNull();
  });

  it('answers null for a sequence the stream no longer holds the next of (retention moved on)', async () => {
    const first = await waitFor(() => a.seen[0]);
    const jsm = await a.link.nc.jetstreamManager();
    // What max_age does after EVENT_RETENTION_H hours: the oldest messages gone.
    await jsm.streams.purge(subjectsOf(clusterName).eventStream, { seq: first.seq + 2 });

    expect(await a.relay.readSince(first.seq - 1)).toBeNull();
    expect(await a.relay.readSince(first.seq)).toBeNull();
    expect((await a.relay.readSince(first.seq + 1))?.[0]?.seq).toBe(first.seq + 2);
  });

  it('keeps the events emitted while NATS is away in the outbox, in order, and publishes them in that order when it is back', async () => {
    a.bus.emit('connector.status', connectorStatus(300, 'Preparing'));
    const start = await waitFor(() => b.seen.find((e) => e.data.includes('"stationId":300')));

    await nats.stop();
    await waitFor(() => !a.link.connected);
    for (let i = 1; i <= 20; i++) a.bus.emit('connector.status', connectorStatus(300 + i, 'Charging'));
    expect(await waitFor(async () => (await countOutboxEvents(db.database.db, 'node-a')) === 20 && true)).toBe(true);
    expect(a.relay.backlogged).toBe(true);

    await nats.resume();
    await waitFor(() => a.link.connected && b.link.connected, 30_000);
    a.bus.emit('connector.status', connectorStatus(321, 'Finishing')); // after the drain, or behind it in the outbox

    const after = await waitFor(() => {
      const got = b.seen.filter((e) => e.seq > start.seq);
      return got.length >= 21 ? got : null;
    }, 30_000);
    expect(after.map((e) => JSON.parse(e.data).stationId)).toEqual(Array.from({ length: 21 }, (_, i) => 301 + i));
    expect(new Set(after.map((e) => e.seq)).size).toBe(21);
    expect(await countOutboxEvents(db.database.db, 'node-a')).toBe(0);
    await waitFor(() => !a.relay.backlogged);
    // And A's own consumer, recreated after the restart, saw the same in the same order.
    await waitFor(() => a.seen.filter((e) => e.seq > start.seq).length >= 21);
    expect(a.seen.filter((e) => e.seq > start.seq).map((e) => e.seq)).toEqual(after.map((e) => e.seq));
  });

  it('publishes the outbox of a node that stopped while NATS was away, once, as that node\'s events', async () => {
    const c = await aNode('node-c');
    await recordNodeStarted(db.database.db, 'node-c', new Date());
    const heardOnA: Array<DomainEvents['connector.status']> = [];
    a.bus.onClusterWide('connector.status', (e) => { if (e.stationId >= 400) heardOnA.push(e); });

    await nats.stop();
    await waitFor(() => !c.link.connected);
    for (let i = 0; i < 5; i++) c.bus.emit('connector.status', connectorStatus(400 + i, 'Charging'));
    await c.relay.close(); // node C stops with its events in the outbox, and never comes back
    await c.link.close();
    nodes.splice(nodes.indexOf(c), 1);
    await recordNodeStopped(db.database.db, 'node-c', new Date());
    expect(await countOutboxEvents(db.database.db, 'node-c')).toBe(5);

    await nats.resume();
    const onA = await waitFor(() => {
      const got = a.seen.filter((e) => JSON.parse(e.data).stationId >= 400);
      return got.length >= 5 ? got : null;
    }, 30_000);
    expect(onA.map((e) => JSON.parse(e.data).stationId)).toEqual([400, 401, 402, 403, 404]);
    // Deleted from the outbox once their publishes are acknowledged, which can be after the events arrived.
    await waitFor(async () => (await countOutboxEvents(db.database.db, 'node-c')) === 0);
    // As node C's: every other node's cluster-wide listeners heard them (A's, whichever node published them).
    await waitFor(() => heardOnA.length === 5);
    await waitFor(() => b.seen.filter((e) => JSON.parse(e.data).stationId >= 400).length === 5);
    await new Promise((r) => setTimeout(r, 500)); // both living nodes swept: still once each
    expect(a.seen.filter((e) => JSON.parse(e.data).stationId >= 400)).toHaveLength(5);
  });

  it('publishes an outbox event the stream already holds (its ack was lost) once, by the id its row keeps, or by its content for a row an older build wrote', async () => {
    const database = db.database.db;
    const subjects = subjectsOf(clusterName);
    const event = (stationId: number) => ({ ...connectorStatus(stationId, 'Charging'), at: new Date('2026-12-04T10:00:00.000Z') });
    // What node D's direct publishes stored before their acks were lost: one with the id a run gives, one with
    // the content id an older build gave.
    const js = a.link.nc.jetstream();
    const storedDirectly = async (payload: unknown, msgID: string) => {
      const h = headers();
      h.set(ORIGIN_HEADER, 'node-d');
      await js.publish(subjects.event('connector.status'), JSON.stringify(payload), { msgID, headers: h });
    };
    const legacyId = contentMessageId('node-d', 'connector.status', event(501), event(501).at);
    await storedDirectly(event(500), 'node-d.run1.1');
    await storedDirectly(event(501), legacyId);
    // ... and then its outbox rows for the same events, in order, behind them one that never went out.
    const row = (stationId: number, msgId: string) => ({ name: 'connector.status', json: JSON.stringify(event(stationId)), emittedAt: event(stationId).at, msgId });
    await appendOutboxEvents(database, 'node-d', [row(500, 'node-d.run1.1')]);
    await database.execute(sql`INSERT INTO event_outbox (node_id, name, payload, emitted_at)
      VALUES ('node-d', 'connector.status', ${JSON.stringify(event(501))}::jsonb, ${event(501).at.toISOString()}::timestamptz)`);
    await appendOutboxEvents(database, 'node-d', [row(502, 'node-d.run1.2')]);
    await recordNodeStarted(database, 'node-d', new Date());
    await recordNodeStopped(database, 'node-d', new Date()); // gone: a living node publishes its outbox

    await waitFor(() => a.seen.some((e) => JSON.parse(e.data).stationId === 502), 30_000);
    await waitFor(async () => (await countOutboxEvents(database, 'node-d')) === 0);
    expect(a.seen.map((e) => JSON.parse(e.data).stationId).filter((id) => id >= 500 && id < 600)).toEqual([500, 501, 502]);
  });

  it('takes a NATS server that kept its store, restarted twice and the stream updated between, for the same stream', () => {
    // nats-server 2.9 reports its restart time as the stream's `created` after such an update (event-log.ts,
    // isNewStream): a relay comparing it would start over and deliver every event again.
    expect(nodes.map((n) => n.resets)).toEqual([0, 0]);
  });
});
