// Issue 15 item 2: who holds a charger. The newest connection wins across nodes, and a node that dies loses what
// it held: its chargers reconnect to the others (a backup central-system address), replay their queues with
// nothing lost or doubled, and read offline then online. Three nodes as real processes on PostgreSQL and a
// throwaway nats-server; chargers from the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { randomChargeBoxId, randomIdTag } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';
import { AckLog, checkAcknowledged } from '../helpers/acknowledged.js';

const reason = clusterSkipReason();
const OFFLINE_AFTER_S = 4;
const WAIT_MS = 60_000;

interface ConnectionRow { id: number; nodeId: string | null; disconnectedAt: string | null; closeReason: string | null }
interface StationDetail { online: boolean; connections: ConnectionRow[] }

describe.skipIf(reason !== null)(`who holds a charger across nodes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let database: Database;
  let a: ClusterNode, b: ClusterNode, c: ClusterNode;
  const chargers: ChargePoint[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3, env: { OCPP_OFFLINE_AFTER_S: String(OFFLINE_AFTER_S) } });
    [a, b, c] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    database = await openDatabase({ kind: 'server', url: cluster.databaseUrl });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(chargers.map((cp) => cp.close().catch(() => undefined)));
    await database?.close();
    await cluster?.stop();
  });

  async function post<T>(path: string, body: unknown): Promise<T> {
    const res = await cluster.api(a, `/api${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function aStation(prefix: string): Promise<{ id: number; chargeBoxId: string }> {
    const chargeBoxId = randomChargeBoxId(prefix);
    return { id: (await post<{ id: number }>('/stations', { chargeBoxId, password: false })).id, chargeBoxId };
  }

  function aCharger(o: ConstructorParameters<typeof ChargePoint>[0]): { cp: ChargePoint; log: string[] } {
    const log: string[] = [];
    const cp = new ChargePoint({ ...o, log: (l) => log.push(l) });
    chargers.push(cp);
    return { cp, log };
  }

  async function detail(node: ClusterNode, stationId: number): Promise<StationDetail> {
    const res = await cluster.api(node, `/api/stations/${stationId}`);
    expect(res.status).toBe(200);
    return (await res.json()) as StationDetail;
  }

  it('the same chargeBoxId connecting to node C while node B holds it: B closes its socket with 4000, commands go to C', async () => {
    const station = await aStation('NEWEST');
    const older = aCharger({ url: b.ocppUrl, identity: station.chargeBoxId });
    await older.cp.connect();
    await older.cp.boot();
    const newer = aCharger({ url: c.ocppUrl, identity: station.chargeBoxId });
    await newer.cp.connect();

    await waitFor(() => older.log.some((l) => l.endsWith('connection closed (code 4000)')), 5_000);
    expect(older.cp.isOnline).toBe(false);
    await newer.cp.boot();
    const res = await cluster.api(a, `/api/stations/${station.id}/commands/ClearCache`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    const log = (await (await cluster.api(a, `/api/stations/${station.id}/commands`)).json()) as Array<{ nodeId: string }>;
    expect(log).toMatchObject([{ nodeId: c.nodeId }]);
    const { connections } = await waitFor(async () => {
      const d = await detail(a, station.id);
      return d.connections.some((x) => x.nodeId === b.nodeId && x.disconnectedAt !== null) && d;
    });
    expect(connections.map((x) => [x.nodeId, x.disconnectedAt === null, x.closeReason])).toEqual([
      [c.nodeId, true, null], [b.nodeId, false, `Replaced by a newer connection on node ${c.nodeId}`],
    ]);
  });

  it('a station deactivated through node A loses its connection on node B', async () => {
    const station = await aStation('DEACT');
    const charger = aCharger({ url: b.ocppUrl, identity: station.chargeBoxId });
    await charger.cp.connect();
    await charger.cp.boot();
    const res = await cluster.api(a, `/api/stations/${station.id}`, { method: 'PATCH', body: JSON.stringify({ active: false }) });
    expect(res.status).toBe(200);
    await waitFor(() => charger.log.some((l) => l.endsWith('connection closed (code 1008)')), 5_000);
    expect(charger.cp.isOnline).toBe(false);
  });

  it('node B killed with SIGKILL mid-session: its chargers reconnect to A or C, replay, lose and double nothing; the session completes; offline then online', async () => {
    const fleet = await Promise.all([0, 1, 2].map(async () => {
      const station = await aStation('KILLB');
      const idTag = randomIdTag();
      await post('/id-tags', { idTag });
      const { cp, log } = aCharger({
        url: b.ocppUrl, backupUrls: [a.ocppUrl, c.ocppUrl], identity: station.chargeBoxId, reconnect: true,
        connectors: 1, meterIntervalMs: 300, callTimeoutMs: 30_000,
      });
      return { station, idTag, cp, log, acks: new AckLog(cp) };
    }));
    // One charger knows only B: it stays offline until B is back (its NODE_ID reused), and is online then.
    const strandedStation = await aStation('STRAND');
    const stranded = aCharger({ url: b.ocppUrl, identity: strandedStation.chargeBoxId, reconnect: true });
    for (const f of [...fleet.map((x) => x.cp), stranded.cp]) { await f.connect(); await f.boot(); }
    for (const f of fleet) await f.cp.startSession(1, f.idTag);
    await waitFor(() => fleet.every((f) => f.acks.count('MeterValues') >= 3), WAIT_MS);
    await waitFor(async () => (await detail(a, strandedStation.id)).online);

    await b.kill();
    await waitFor(() => fleet.every((f) => f.cp.isOnline && f.cp.centralSystemUrl !== b.ocppUrl), WAIT_MS);
    const ackedAtReturn = fleet.map((f) => f.acks.count('MeterValues'));
    await waitFor(() => fleet.every((f, i) => f.acks.count('MeterValues') >= ackedAtReturn[i]! + 3), WAIT_MS);
    for (const f of fleet) await f.cp.stopSession(1);
    await waitFor(() => fleet.every((f) => f.cp.queuedCount() === 0 && f.cp.session(1) === null), WAIT_MS);

    for (const f of fleet) {
      expect(f.acks.count('StartTransaction'), f.cp.identity).toBe(1);
      expect(f.acks.count('StopTransaction'), f.cp.identity).toBe(1);
      expect(f.log.filter((l) => /dropped a queued|failed \(attempt/.test(l)), f.cp.identity).toEqual([]);
      expect(await checkAcknowledged(database.db, f.station.id, f.acks, { drained: true }), f.cp.identity).toEqual([]);
      // Its connection on B was closed by the sweep (offline), its newer one on A or C is open (online).
      const d = await waitFor(async () => {
        const x = await detail(c, f.station.id);
        return x.connections.some((r) => r.nodeId === b.nodeId && r.disconnectedAt !== null) && x;
      }, OFFLINE_AFTER_S * 1000 * 3);
      expect(d.online).toBe(true);
      expect(d.connections[0]).toMatchObject({ disconnectedAt: null });
      expect([a.nodeId, c.nodeId]).toContain(d.connections[0]!.nodeId);
      expect(d.connections.find((r) => r.nodeId === b.nodeId)).toMatchObject({ closeReason: `node ${b.nodeId} stopped answering` });
    }

    // Offline within OCPP_OFFLINE_AFTER_S of B's death (the wait's own bound is generous; the sweep is what ends it).
    await waitFor(async () => !(await detail(a, strandedStation.id)).online, OFFLINE_AFTER_S * 1000 * 3);
    await b.start();
    await waitFor(async () => (await detail(a, strandedStation.id)).online, WAIT_MS);
    expect(stranded.cp.isOnline).toBe(true);
    // B, started after the others took its chargers, knows who holds them from PostgreSQL (presence's seed).
    for (const f of fleet) expect((await detail(b, f.station.id)).online, f.cp.identity).toBe(true);
  }, 240_000);
});
