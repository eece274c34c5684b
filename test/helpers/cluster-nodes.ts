// Several ChargeSync nodes as real processes (`npm start`'s entry point) sharing one PostgreSQL database and a
// throwaway nats-server, as an operator runs them (README "Running several nodes"). Each node has its own
// port and NODE_ID; the cluster name is random, so runs sharing a NATS server never see each other.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { CentralSystemProcess, freePort } from './central-system-process.js';
import { createServerDatabaseUrl } from './test-database.js';
import { NatsServer, natsServerBinary } from './nats-server.js';

/** Why the cluster tests cannot run here, or null: they need a PostgreSQL server and nats-server. */
export function clusterSkipReason(): string | null {
  if (inject('testDatabase').kind === 'embedded') return 'cluster mode needs a PostgreSQL server (DATABASE_URL); the tests run embedded';
  if (!natsServerBinary()) return 'nats-server is not installed (Debian package nats-server)';
  return null;
}

export class ClusterNode {
  process!: CentralSystemProcess;

  constructor(readonly nodeId: string, readonly port: number, private readonly env: Record<string, string>) {}

  get url(): string { return `http://127.0.0.1:${this.port}`; }
  get ocppUrl(): string { return `ws://127.0.0.1:${this.port}/ocpp`; }

  async start(): Promise<void> {
    this.process = await CentralSystemProcess.start({ ...this.env, PORT: String(this.port), NODE_ID: this.nodeId });
  }

  /** SIGKILL: the node dies holding what it held, as a crashed machine does. */
  async kill(): Promise<void> { await this.process.stop('SIGKILL'); }
  async stop(): Promise<void> { await this.process.stop('SIGTERM'); }
}

export interface ClusterOptions {
  nodes: number;
  /** More environment for every node (OCPP_OFFLINE_AFTER_S, BOOKING_JOB_INTERVAL_S, ...). */
  env?: Record<string, string>;
}

export class TestCluster {
  private constructor(
    readonly nats: NatsServer,
    readonly databaseUrl: string,
    readonly clusterName: string,
    readonly adminToken: string,
    readonly nodes: ClusterNode[],
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(o: ClusterOptions): Promise<TestCluster> {
    const database = await createServerDatabaseUrl();
    if (!database) throw new Error(clusterSkipReason() ?? 'no PostgreSQL server');
    const nats = await NatsServer.start().catch(async (err: unknown) => { await database.drop(); throw err; });
    const clusterName = `test_${randomBytes(4).toString('hex')}`;
    const adminToken = `admin-${randomBytes(12).toString('hex')}`;
    const env = {
      DATABASE_URL: database.url, NATS_URL: nats.url, CLUSTER_NAME: clusterName, ADMIN_TOKEN: adminToken,
      OCPP_AUTO_REGISTER: 'true', HOST: '127.0.0.1', LOG_FORMAT: 'json', ...o.env,
    };
    const nodes: ClusterNode[] = [];
    const cluster = new TestCluster(nats, database.url, clusterName, adminToken, nodes, database.drop);
    try {
      for (let i = 0; i < o.nodes; i++) nodes.push(new ClusterNode(`node-${'abcdefghij'[i]}`, await freePort(), env));
      // One after another: the first migrates the database, the others find it migrated.
      for (const node of nodes) await node.start();
    } catch (err) {
      // The caller never gets the cluster to stop: stop what started (the nodes, nats-server, the database) here.
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** fetch against a node's API as the bootstrap admin. */
  async api(node: ClusterNode, path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${node.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json', ...init.headers },
    });
  }

  async stop(): Promise<void> {
    // A node whose start failed has no process (its stop rejects, settled here): start() killed its child.
    await Promise.allSettled(this.nodes.map((n) => n.stop()));
    await this.nats.remove();
    await this.dropDatabase();
  }
}
