// WORKERS=2 (issue 15, "One address"): `npm start` as a primary that forks two workers sharing one port, each a
// full cluster node (NODE_ID `<NODE_ID>-<n>`) on PostgreSQL and a throwaway nats-server. A worker that dies is
// forked again; SIGTERM to the primary stops them all.
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { clusterSkipReason } from '../helpers/cluster-nodes.js';
import { NatsServer } from '../helpers/nats-server.js';
import { createServerDatabaseUrl } from '../helpers/test-database.js';
import { waitFor } from '../helpers/wait-for.js';

const skipReason = clusterSkipReason();
const NODE_ID = `host-${randomBytes(3).toString('hex')}`;

interface Listening { worker: number; pid: number; nodeId: string }

describe.skipIf(skipReason !== null)(`WORKERS=2 on one host${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let database: { url: string; drop(): Promise<void> } | null = null;
  let nats: NatsServer | null = null;
  let primary: CentralSystemProcess | null = null;
  let starting: Promise<CentralSystemProcess> | null = null;
  let port = 0;
  const chargers: ChargePoint[] = [];

  /** Each worker's "listening" line so far, in order: a re-forked worker adds one. */
  const listening = (): Listening[] => (primary?.lines ?? [])
    .filter((l) => l.msg === 'ChargeSync central system listening')
    .map((l) => ({ worker: l.worker as number, pid: l.pid as number, nodeId: l.nodeId as string }));

  beforeAll(async () => {
    database = await createServerDatabaseUrl();
    nats = await NatsServer.start();
    port = await freePort();
    starting = CentralSystemProcess.start({
      DATABASE_URL: database!.url, NATS_URL: nats.url, CLUSTER_NAME: `test_${randomBytes(4).toString('hex')}`, NODE_ID,
      WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: 'workers-test-admin', LOG_FORMAT: 'json',
      OCPP_AUTO_REGISTER: 'true',
    });
    primary = await starting;
    // The workers start as the primary did (up to its 60 s on a loaded machine).
    await waitFor(() => listening().length === 2, 60_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(chargers.map((cp) => cp.close()));
    // Also a primary whose start was still under way when beforeAll failed (its start kills it on failure).
    await (primary ?? await starting?.catch(() => null))?.stop('SIGKILL').catch(() => undefined);
    await nats?.remove();
    await database?.drop();
  });

  it('migrates once in the primary, then both workers serve on the one port as nodes <NODE_ID>-1 and -2', async () => {
    expect(primary!.lines.filter((l) => l.msg === 'database migrated')).toHaveLength(1);
    expect(listening().map((l) => l.nodeId).sort()).toEqual([`${NODE_ID}-1`, `${NODE_ID}-2`]);
    // The primary hands connections to the workers in turn: six chargers land on both.
    for (let i = 0; i < 6; i++) {
      const cp = new ChargePoint({ url: `ws://127.0.0.1:${port}/ocpp`, identity: `WK-${randomBytes(5).toString('hex')}` });
      chargers.push(cp);
      await cp.connect();
      await cp.boot();
    }
    expect(await nodesHoldingConnections(database!.url)).toEqual([`${NODE_ID}-1`, `${NODE_ID}-2`]);
    // And staff requests: /health names the node that answered, each on a connection of its own.
    const answered = new Set<string>();
    for (let i = 0; i < 6; i++) answered.add((await healthOverNewConnection(port)).nodeId);
    expect([...answered].sort()).toEqual([`${NODE_ID}-1`, `${NODE_ID}-2`]);
  });

  it('forks a worker again when one is killed, as the same node id with a new pid', async () => {
    const [first] = listening().filter((l) => l.worker === 1);
    process.kill(first!.pid, 'SIGKILL');
    await waitFor(() => primary!.lines.some((l) => l.msg === 'worker died; starting another' && l.worker === 1 && l.signal === 'SIGKILL'));
    const again = await waitFor(() => listening().find((l) => l.worker === 1 && l.pid !== first!.pid));
    expect(again.nodeId).toBe(`${NODE_ID}-1`);
    expect(alive(first!.pid)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('stops every worker on SIGTERM to the primary, which then exits', async () => {
    const pids = [...new Set(listening().map((l) => l.pid))].filter(alive);
    expect(pids).toHaveLength(2);
    expect(await primary!.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(pids.filter(alive)).toEqual([]);
    expect(primary!.lines.filter((l) => l.msg === 'stopped')).toHaveLength(3); // each worker drained, then the primary
  });
});

/** GET /health on a connection of its own (fetch would reuse one, which stays with one worker). */
function healthOverNewConnection(port: number): Promise<{ nodeId: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => resolve(JSON.parse(body) as { nodeId: string }));
    }).on('error', reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The node ids of the connections recorded open (connection rows record their node, issue 15). */
async function nodesHoldingConnections(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ node_id: string }>(
      'SELECT DISTINCT node_id FROM connections WHERE disconnected_at IS NULL ORDER BY node_id');
    return rows.map((r) => r.node_id);
  } finally {
    await client.end();
  }
}
