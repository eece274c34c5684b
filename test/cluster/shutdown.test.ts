// A node's shutdown with PostgreSQL unreachable (cluster/index.ts close, node-beats.ts stop, main.ts): each close
// step runs whatever the one before did, the failure is logged, and the process exits 0 after "stopped" instead of
// dying of an unhandled rejection half-way. The node reaches PostgreSQL through a TCP relay of the test's own, which
// the test closes: PostgreSQL is down for this node only (the server is shared with other test files).
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSkipReason, ClusterNode, TestCluster } from '../helpers/cluster-nodes.js';
import { freePort } from '../helpers/central-system-process.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();

/** Forwards a local port to PostgreSQL; close() ends every relayed connection and refuses new ones. */
async function relayTo(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => undefined); }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    async close() {
      const closed = new Promise((r) => server.close(r));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe.skipIf(reason !== null)(`node shutdown${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let relay: Awaited<ReturnType<typeof relayTo>>;

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 1 }); // migrates the database
    relay = await relayTo(cluster.databaseUrl);
  }, 180_000);
  afterAll(async () => {
    await relay?.close();
    await cluster?.stop();
  });

  it('with PostgreSQL unreachable at SIGTERM: the failure is logged, the remaining steps run, and the process exits 0', async () => {
    const node = new ClusterNode('node-pgdown', await freePort(), {
      DATABASE_URL: relay.url, NATS_URL: cluster.nats.url, CLUSTER_NAME: cluster.clusterName, ADMIN_TOKEN: cluster.adminToken,
      HOST: '127.0.0.1', LOG_FORMAT: 'json', OCPP_OFFLINE_AFTER_S: '4',
    });
    cluster.nodes.push(node); // stopped by cluster.stop() if this test fails half-way
    await node.start();
    await relay.close();
    await waitFor(() => node.process.lines.some((l) => l.msg === 'node beat or sweep failed'), 15_000);

    const exit = await node.process.stop('SIGTERM');
    const msgs = node.process.lines.map((l) => l.msg ?? l.stderr);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(msgs).toContain('stopped');
    expect(msgs).toContain('could not record this node stopped; the other nodes will find it dead');
  }, 90_000);
});
