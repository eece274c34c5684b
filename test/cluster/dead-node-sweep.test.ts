// The dead-node sweep runs on every node, not only on the job lock's holder (cluster/node-beats.ts): a holder
// whose host froze or lost its network keeps the lock until PostgreSQL finds its connection dead, and would
// sweep nothing meanwhile. Here the test itself holds the cluster's lock (a holder that never sweeps) before two
// nodes start as real processes; a third node's rows, beaten long ago, must be closed by them, and told once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobLockName, tryTakeJobLock } from '../../src/store/job-lock.js';
import { clusterSkipReason, ClusterNode, TestCluster } from '../helpers/cluster-nodes.js';
import { freePort } from '../helpers/central-system-process.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const DEAD_NODE = 'node-gone';

describe.skipIf(reason !== null)(`dead-node sweep${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let holder: pg.Client;
  let db: pg.Client;
  let a: ClusterNode, b: ClusterNode;

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 0 });
    holder = new pg.Client({ connectionString: cluster.databaseUrl });
    await holder.connect();
    expect(await tryTakeJobLock(holder, cluster.clusterName)).toBe(true);
    const env = {
      DATABASE_URL: cluster.databaseUrl, NATS_URL: cluster.nats.url, CLUSTER_NAME: cluster.clusterName, ADMIN_TOKEN: cluster.adminToken,
      OCPP_AUTO_REGISTER: 'true', HOST: '127.0.0.1', LOG_FORMAT: 'json', OCPP_OFFLINE_AFTER_S: '4',
    };
    a = new ClusterNode('node-a', await freePort(), env);
    b = new ClusterNode('node-b', await freePort(), env);
    cluster.nodes.push(a, b); // stopped by cluster.stop()
    for (const n of cluster.nodes) await n.start();
    db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await holder?.end();
    await cluster?.stop();
  });

  it('a node not holding the job lock closes a dead node\'s connections, and one node tells it', async () => {
    const res = await cluster.api(a, '/api/stations', { method: 'POST', body: JSON.stringify({ chargeBoxId: randomChargeBoxId('SWEEP'), password: false }) });
    expect(res.status).toBe(201);
    const { id: stationId } = (await res.json()) as { id: number };
    await db.query(`INSERT INTO cluster_nodes (node_id, started_at, beat_at) VALUES ($1, now() - interval '2 hours', now() - interval '1 hour')`, [DEAD_NODE]);
    const { rows: [row] } = await db.query<{ id: number }>(
      `INSERT INTO connections (station_id, connected_at, node_id) VALUES ($1, now() - interval '1 hour', $2) RETURNING id`, [stationId, DEAD_NODE]);

    const closed = await waitFor(async () => {
      const { rows } = await db.query<{ close_reason: string | null; disconnected_at: Date | null }>(
        'SELECT close_reason, disconnected_at FROM connections WHERE id = $1', [row!.id]);
      return rows[0]?.disconnected_at ? rows[0] : null;
    }, 15_000);
    expect(closed.close_reason).toBe(`node ${DEAD_NODE} stopped answering`);
    // Neither node held the lock meanwhile: the test's connection still does.
    const { rows: [lock] } = await holder.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)) AS held`, [jobLockName(cluster.clusterName)]);
    expect(lock?.held).toBe(true);

    // Both nodes beat (and so swept) again after the close; the death was told by the one that closed the rows.
    await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cluster_nodes WHERE node_id IN ('node-a', 'node-b') AND beat_at > $1::timestamptz + interval '2 seconds'`,
        [closed.disconnected_at]);
      return rows[0]?.n === 2;
    }, 15_000);
    const told = [a, b].flatMap((n) => n.process.lines.filter((l) => l.msg === 'node stopped answering: its chargers are offline' && l.deadNode === DEAD_NODE));
    expect(told).toHaveLength(1);
  }, 60_000);
});
