// A node whose start fails after it joined the cluster (its port taken: EADDRINUSE) leaves the cluster before the
// failure ends it (app.ts startApp): its row reads stopped at once, as after a clean shutdown, instead of living
// on until the others' sweep finds its beats missing (and, in a test or any in-process start, beating on).
import { createServer } from 'node:net';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSkipReason, ClusterNode, TestCluster } from '../helpers/cluster-nodes.js';

const reason = clusterSkipReason();

describe.skipIf(reason !== null)(`a failed start${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  const blocker = createServer();

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 0 }); // NATS and a database; the node below migrates it
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
  }, 180_000);
  afterAll(async () => {
    blocker.close();
    await cluster?.stop();
  });

  it('its port taken: the start fails and the node\'s row reads stopped', async () => {
    const port = (blocker.address() as { port: number }).port;
    const node = new ClusterNode('node-busy', port, {
      DATABASE_URL: cluster.databaseUrl, NATS_URL: cluster.nats.url, CLUSTER_NAME: cluster.clusterName, ADMIN_TOKEN: cluster.adminToken,
      HOST: '127.0.0.1', LOG_FORMAT: 'json', OCPP_OFFLINE_AFTER_S: '60', // no sweep could stop its row within this test
    });
    await expect(node.start()).rejects.toThrow(/EADDRINUSE/);

    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ stopped: boolean }>('SELECT stopped_at IS NOT NULL AS stopped FROM cluster_nodes WHERE node_id = $1', ['node-busy']);
      expect(rows).toEqual([{ stopped: true }]);
    } finally {
      await db.end();
    }
  }, 90_000);
});
