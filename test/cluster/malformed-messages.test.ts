// A malformed message on a cluster subject (another version's, a stray publisher's) is logged and dropped; the
// node that got it goes on serving (cluster/holds.ts). A throw in a nats.js subscription callback would reach the
// client's reader and stop what the node hears from NATS. Two nodes as real processes; the test publishes with
// its own NATS client on the cluster's subjects (cluster/subjects.ts).
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { subjectsOf } from '../../src/cluster/subjects.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();

describe.skipIf(reason !== null)(`malformed cluster messages${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let a: ClusterNode, b: ClusterNode;
  let nc: NatsConnection;
  const chargers: ChargePoint[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 2, env: { OCPP_OFFLINE_AFTER_S: '4' } });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    nc = await connect({ servers: cluster.nats.url });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(chargers.map((cp) => cp.close().catch(() => undefined)));
    await nc?.close();
    await cluster?.stop();
  });

  it('a claim that is not JSON is logged and dropped; the holder still answers a command through the other node', async () => {
    const chargeBoxId = randomChargeBoxId('BADCLAIM');
    const created = await cluster.api(a, '/api/stations', { method: 'POST', body: JSON.stringify({ chargeBoxId, password: false }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const cp = new ChargePoint({ url: b.ocppUrl, identity: chargeBoxId });
    chargers.push(cp);
    await cp.connect();
    await cp.boot();

    const claim = subjectsOf(cluster.clusterName).claim(id);
    for (const junk of ['not json', 'null']) nc.publish(claim, new TextEncoder().encode(junk));
    // The server has routed them when flush() returns: B reads them before the command A sends next.
    await nc.flush();

    const res = await cluster.api(a, `/api/stations/${id}/commands/ClearCache`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'answered' });
    expect(cp.isOnline).toBe(true);
    const dropped = (n: ClusterNode) => n.process.lines.filter((l) => l.msg === 'a malformed claim from NATS was dropped').length;
    await waitFor(() => dropped(b) === 2 && dropped(a) === 2, 10_000);
  }, 60_000);
});
