// Issue 17 item 3 in a cluster (issue 15, "Jobs run once"): two nodes as real processes on PostgreSQL and a
// throwaway nats-server. The node holding the job lock balances every site; the chargers are held by the other
// node, which hears their starts; the leader hears them through the event stream and its limits reach them through
// the holder's socket. Only the leader balances, and each charger is told each limit once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint, type ReceivedProfile } from '../../simulators/charge-point.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { randomChargeBoxId, randomIdTag } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const TAKEN = 'job lead taken: this node runs the periodic jobs';
// Across nodes an event takes the JetStream hop: still well within the issue's 2 s, bounded at 5 s against a loaded machine.
const WITHIN_MS = 5_000;

describe.skipIf(reason !== null)(`load balancing in a cluster${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  const chargers: ChargePoint[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 2, env: { BOOKING_JOB_INTERVAL_S: '1', OCPP_AUTO_REGISTER: 'false' } });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(chargers.map((cp) => cp.close().catch(() => undefined)));
    await cluster?.stop();
  });

  const leads = (node: ClusterNode) => node.process.lines.some((l) => l.msg === TAKEN);
  async function call<T>(node: ClusterNode, method: string, path: string, body?: unknown): Promise<T> {
    const res = await cluster.api(node, `/api${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The TxProfile limits a charger accepted, in order. */
  const txLimits = (cp: ChargePoint) => cp.receivedProfiles()
    .filter((r: ReceivedProfile) => r.status === 'Accepted' && r.profile.chargingProfilePurpose === 'TxProfile')
    .map((r) => r.profile.chargingSchedule.chargingSchedulePeriod[0]!.limit);

  it('the job-lock holder balances chargers held by the other node, once', async () => {
    const leader = await waitFor(() => cluster.nodes.find(leads), 30_000);
    const holder = cluster.nodes.find((n) => n !== leader)!;
    const site = await call<{ id: number }>(holder, 'POST', '/sites', { name: 'Cluster site', maxCurrentA: 32, phases: 3, failsafeCurrentA: 0 });
    for (let i = 0; i < 2; i++) {
      const chargeBoxId = randomChargeBoxId('LB');
      const station = await call<{ id: number }>(holder, 'POST', '/stations', { chargeBoxId, password: false });
      await call(holder, 'PATCH', `/stations/${station.id}`, { siteId: site.id, maxCurrentA: 32 });
      const cp = new ChargePoint({ url: holder.ocppUrl, identity: chargeBoxId, connectors: 1, powerW: 32 * 690, meterIntervalMs: 0 });
      chargers.push(cp);
      await cp.connect();
      await cp.boot();
    }
    const [idTag, otherTag] = [randomIdTag(), randomIdTag()];
    for (const tag of [idTag, otherTag]) await call(holder, 'POST', '/id-tags', { idTag: tag });
    const [a, b] = chargers as [ChargePoint, ChargePoint];

    await a.startSession(1, idTag);
    await waitFor(() => txLimits(a).at(-1) === 32, WITHIN_MS).catch((err: unknown) => {
      for (const n of cluster.nodes) {
        process.stderr.write(`${n.nodeId}: ${JSON.stringify(n.process.lines.filter((l) => Number(l.level) >= 40 || /balanc|profile|fail-safe/i.test(String(l.msg))).slice(-15))}\n`);
      }
      process.stderr.write(`${JSON.stringify(a.receivedProfiles())}\n`);
      throw err;
    });
    await b.startSession(1, otherTag);
    await waitFor(() => txLimits(a).at(-1) === 16 && txLimits(b).at(-1) === 16, WITHIN_MS);

    expect(txLimits(a)).toEqual([32, 16]);
    expect(txLimits(b)).toEqual([16]);
    const balanced = (n: ClusterNode) => n.process.lines.some((l) => String(l.msg).endsWith('balanced') && l.siteId === site.id);
    expect(cluster.nodes.filter(balanced)).toEqual([leader]);
    const detail = await call<{ load: { allocatedA: number } }>(holder, 'GET', `/sites/${site.id}`);
    expect(detail.load.allocatedA).toBe(32);
  }, 60_000);
});
