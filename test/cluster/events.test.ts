// Issue 15 items 4 and 7 (the event half): live events from every node. Three nodes as real processes on
// PostgreSQL and a throwaway nats-server, chargers from the simulator, dashboards as SSE clients. A status change
// reported through node B reaches a dashboard on node C; an SSE id from node C resumes on node A (and on A after
// A restarted) with nothing missed and nothing twice; with NATS stopped, node B keeps serving its charger and
// storing every message, /ready names nats, and the events of the gap reach the dashboard once NATS is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import type { App } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { AckLog, checkAcknowledged } from '../helpers/acknowledged.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { EventStreamClient, type StreamEvent } from '../helpers/event-stream-client.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();

describe.skipIf(reason !== null)(`live events from every node${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let database: Database;
  let a: ClusterNode, b: ClusterNode, c: ClusterNode;
  const chargers: ChargePoint[] = [];
  const streams: EventStreamClient[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3 });
    [a, b, c] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    database = await openDatabase({ kind: 'server', url: cluster.databaseUrl });
  }, 180_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all(chargers.map((cp) => cp.close().catch(() => undefined)));
    await database?.close();
    await cluster?.stop();
  });

  async function openStream(node: ClusterNode, lastEventId?: string): Promise<EventStreamClient> {
    // EventStreamClient needs only the address it reads /api/events from.
    const s = await EventStreamClient.open({ url: node.url } as App, { token: cluster.adminToken, lastEventId });
    streams.push(s);
    return s;
  }

  async function aStation(): Promise<{ id: number; chargeBoxId: string }> {
    const chargeBoxId = randomChargeBoxId('EVT');
    const res = await cluster.api(a, '/api/stations', { method: 'POST', body: JSON.stringify({ chargeBoxId, password: false }) });
    expect(res.status).toBe(201);
    return { id: ((await res.json()) as { id: number }).id, chargeBoxId };
  }

  async function aChargerOn(node: ClusterNode, chargeBoxId: string): Promise<ChargePoint> {
    const cp = new ChargePoint({ url: node.ocppUrl, identity: chargeBoxId, meterIntervalMs: 0, connectors: 2 });
    chargers.push(cp);
    await cp.connect();
    expect((await cp.boot()).status).toBe('Accepted');
    return cp;
  }

  const status = (cp: ChargePoint, connectorId: number, s: string) =>
    cp.call('StatusNotification', { connectorId, errorCode: 'NoError', status: s as 'Available' });
  const statusesOf = (events: StreamEvent[], stationId: number) =>
    events.filter((e) => e.event === 'connector.status' && e.data.stationId === stationId);
  // The statuses a test sends itself: the simulator also answers the server's TriggerMessage after its boot with
  // its own (Available), which may land between them.
  const sentStatuses = (events: StreamEvent[], stationId: number, sent: string[]) =>
    statusesOf(events, stationId).map((e) => e.data.status as string).filter((st) => sent.includes(st));

  it('a status change reported through node B reaches an SSE client on node C, its id the stream sequence', async ({ annotate }) => {
    const station = await aStation();
    const onC = await openStream(c);
    const cp = await aChargerOn(b, station.chargeBoxId);

    const sentMs = Date.now();
    await status(cp, 2, 'Unavailable');
    // The simulator reports Available after its boot: the change asked for is the one awaited.
    const event = await onC.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Unavailable');

    expect(event.data).toMatchObject({ stationId: station.id, connectorId: 2, status: 'Unavailable', errorCode: 'NoError' });
    expect(event.id).toMatch(/^\d+$/);
    // The issue asks for under a second; the bound is looser for a loaded 2-core machine but still fails on a
    // relay that polls (next() alone would wait 15 s).
    await annotate(`connector.status from node B reached node C's stream ${event.receivedAt - sentMs} ms after the charger's report`);
    expect(event.receivedAt - sentMs).toBeLessThan(3_000);
  });

  it('an SSE id taken from node C resumes on node A, and on A after A restarted: every missed event, in order, none twice', async () => {
    const station = await aStation();
    const cp = await aChargerOn(b, station.chargeBoxId);
    const witness = await openStream(c); // stays connected throughout: what a client that never left saw
    const leaving = await openStream(c);
    await status(cp, 1, 'Preparing');
    const lastSeen = await leaving.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Preparing');
    leaving.close();

    const missed = ['Charging', 'SuspendedEV', 'Finishing'];
    for (const s of missed) await status(cp, 1, s);
    await witness.next((e) => statusesOf([e], station.id).some((x) => x.data.status === 'Finishing'));
    const resumedOnA = await openStream(a, lastSeen.id!);
    await status(cp, 1, 'Unavailable'); // a live event after the resume
    const u = await resumedOnA.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Unavailable');
    await witness.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Unavailable');

    // Up to that live event: a slot.changed following it may have reached one client and not yet the other.
    const after = (events: StreamEvent[]) => events.filter((e) => Number(e.id) > Number(lastSeen.id) && Number(e.id) <= Number(u.id));
    expect(sentStatuses(resumedOnA.events, station.id, [...missed, 'Unavailable'])).toEqual([...missed, 'Unavailable']);
    // Nothing missed, nothing twice, same ids: exactly what the client that never left saw after that id.
    expect(after(resumedOnA.events).map((e) => e.id)).toEqual(after(witness.events).map((e) => e.id));
    expect(resumedOnA.events.some((e) => e.event === 'resync')).toBe(false);

    // Node A restarted: its in-memory backlog is gone; the stream still holds the events.
    await a.stop();
    await status(cp, 1, 'Faulted');
    await a.start();
    const resumedAfterRestart = await openStream(a, lastSeen.id!);
    await resumedAfterRestart.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Faulted');
    const all = [...missed, 'Unavailable', 'Faulted'];
    expect(sentStatuses(resumedAfterRestart.events, station.id, all)).toEqual(all);
    const ids = resumedAfterRestart.events.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y)); // in stream order, none twice
    expect(resumedAfterRestart.events.some((e) => e.event === 'resync')).toBe(false);
  });

  it('an SSE id from beyond the stream (another stream, or a wiped NATS store) gets resync, then the live events', async () => {
    const onA = await openStream(a, '999999999');
    await onA.next((e) => e.event === 'resync');
    const station = await aStation();
    const cp = await aChargerOn(b, station.chargeBoxId);
    await status(cp, 1, 'Unavailable');
    await onA.next((e) => e.event === 'connector.status' && e.data.stationId === station.id);
  });

  it('a driver\'s session through node B: staff on node C see the driver\'s name, the driver\'s own stream on node A only theirs, resumed on C', async () => {
    const signUp = async (name: string): Promise<{ customerId: number; appIdTag: string; token: string }> => {
      const email = `${randomChargeBoxId('d').toLowerCase()}@example.org`;
      const res = await fetch(`${a.url}/api/driver/signup`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email, password: 'correct horse battery' }),
      });
      expect(res.status).toBe(201);
      const { account, token } = (await res.json()) as { account: { customerId: number; appIdTag: string }; token: string };
      return { ...account, token };
    };
    const driverStream = async (node: ClusterNode, token: string, lastEventId?: string) => {
      const s = await EventStreamClient.open({ url: node.url } as App, { path: '/api/driver/events', token, lastEventId });
      streams.push(s);
      return s;
    };
    const [ana, ben] = [await signUp('Ana Cluster'), await signUp('Ben Cluster')];
    const staffOnC = await openStream(c);
    const anaOnA = await driverStream(a, ana.token);
    const station = await aStation();
    const cp = await aChargerOn(b, station.chargeBoxId);
    const start = async (connectorId: number, idTag: string) =>
      (await cp.call('StartTransaction', { connectorId, idTag, meterStart: 0, timestamp: new Date().toISOString() })).transactionId;
    const anaTx = await start(1, ana.appIdTag);
    const benTx = await start(2, ben.appIdTag);
    const isOf = (name: string, tx: number) => (e: StreamEvent) => e.event === name && e.data.sessionId === tx;

    expect((await staffOnC.next(isOf('session.started', anaTx))).data).toMatchObject({ customerId: ana.customerId, customerName: 'Ana Cluster' });
    const anaStarted = await anaOnA.next(isOf('session.started', anaTx));
    expect(anaStarted.data).toMatchObject({ customerName: 'Ana Cluster' });
    await cp.call('StopTransaction', { transactionId: benTx, meterStop: 500, timestamp: new Date().toISOString() });
    await cp.call('StopTransaction', { transactionId: anaTx, meterStop: 1_000, timestamp: new Date().toISOString() });
    expect((await staffOnC.next(isOf('invoice.issued', benTx))).data).toMatchObject({ customerName: 'Ben Cluster' });
    expect((await anaOnA.next(isOf('invoice.issued', anaTx))).data).toMatchObject({ customerId: ana.customerId, customerName: 'Ana Cluster' });
    const notBens = (events: StreamEvent[]) =>
      !events.some((e) => e.data.sessionId === benTx || e.data.customerId === ben.customerId || JSON.stringify(e.data).includes('Ben Cluster'));
    expect(notBens(anaOnA.events)).toBe(true); // Ana's invoice came after Ben's stop: her stream was offered all of it

    const resumedOnC = await driverStream(c, ana.token, anaStarted.id!);
    await resumedOnC.next(isOf('session.stopped', anaTx));
    await resumedOnC.next(isOf('invoice.issued', anaTx));
    expect(notBens(resumedOnC.events)).toBe(true);
    expect(resumedOnC.events.some((e) => e.event === 'resync' || e.event === 'session.started')).toBe(false);
  });

  it('NATS stopped and started: node B keeps serving and storing its charger\'s messages, /ready names nats, and the gap\'s events arrive in order afterwards', async () => {
    const station = await aStation();
    const idTag = `T${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
    expect((await cluster.api(a, '/api/id-tags', { method: 'POST', body: JSON.stringify({ idTag }) })).status).toBe(201);
    const cp = await aChargerOn(b, station.chargeBoxId);
    const acks = new AckLog(cp);
    const onC = await openStream(c);
    // The marker the list below starts at: the charger's own post-boot statuses (Available) can reach node C
    // after it subscribed, before the marker in the stream's order.
    await status(cp, 1, 'Unavailable');
    const marker = await onC.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Unavailable');

    let sessionId = 0;
    await cluster.nats.stop();
    try {
      const notReady = await waitFor(async () => {
        const res = await fetch(`${b.url}/ready`);
        return res.status === 503 ? ((await res.json()) as { failed: string[]; checks: Record<string, unknown> }) : null;
      });
      expect(notReady.failed).toContain('nats');
      expect(notReady.checks.nats).toMatchObject({ ok: false, reason: 'unreachable' });

      // A whole session while NATS is away: every message answered, as the charger needs.
      await status(cp, 1, 'Preparing');
      const started = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: new Date().toISOString() });
      expect(started.idTagInfo.status).toBe('Accepted');
      sessionId = started.transactionId;
      await status(cp, 1, 'Charging');
      for (const wh of [2_000, 3_000]) {
        await cp.call('MeterValues', { connectorId: 1, transactionId: started.transactionId,
          meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: String(wh) }] }] });
      }
      await cp.call('StopTransaction', { transactionId: started.transactionId, meterStop: 4_000, timestamp: new Date().toISOString() });
      await status(cp, 1, 'Finishing');

      // Stored, through node B's API (its database is up).
      const session = await cluster.api(b, `/api/sessions/${started.transactionId}`);
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ id: started.transactionId, meterStartWh: 1_000, meterStopWh: 4_000, energyWh: 3_000 });

      // Every message the charger had acknowledged stored, once: the statuses and the session's readings.
      expect(await checkAcknowledged(database.db, station.id, acks, { drained: true })).toEqual([]);
    } finally {
      await cluster.nats.resume();
    }
    await waitFor(async () => (await fetch(`${b.url}/ready`)).status === 200, 30_000);
    const stopped = await onC.next((e) => e.event === 'session.stopped' && e.data.sessionId === sessionId, 30_000);
    await onC.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Finishing', 30_000);

    const ofStation = onC.events.filter((e) => e.data?.stationId === station.id && Number(e.id) >= Number(marker.id)
      && ['connector.status', 'session.started', 'session.stopped'].includes(e.event));
    expect(ofStation.map((e) => e.event === 'connector.status' ? e.data.status : e.event)).toEqual([
      'Unavailable', 'Preparing', 'session.started', 'Charging', 'session.stopped', 'Finishing',
    ]);
    expect(stopped.data).toMatchObject({ energyWh: 3_000, at: expect.any(String) as unknown });
    const ids = onC.events.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
  });
});
