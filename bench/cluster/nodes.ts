// The cluster under load (issue 15, `npm run bench -- cluster`): N ChargeSync nodes in cluster mode on the
// run's PostgreSQL database and a throwaway nats-server, behind one address. Either HAProxy with the shipped
// config/haproxy.cfg in front of N processes, or one process with WORKERS=N (node:cluster shares the port).
// To the load generator it is one Target (its port, the nodes' summed CPU and RSS); per node, each sample
// keeps every process's CPU, RSS and connections, so a window's per-node figures come from the last two.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { CENTRAL_SYSTEM, freePort, startTarget, usageOf, type Target, type Usage } from '../target.js';
import { log } from '../measure.js';
import { NatsServer } from '../../test/helpers/nats-server.js';
import { HaproxyFront, maxconnWithinFdLimit, SHIPPED_CONFIG } from '../../test/helpers/haproxy.js';

export type Via = 'haproxy' | 'workers';

export interface NodeSample {
  node: string;
  pid: number;
  usage: Usage;
  /** OCPP connections the node holds: its /metrics (own port), or (WORKERS, one port) its established
   * connections on the shared port, from /proc (the staff's too, none during the bench). */
  connections: number;
}

/** helpers: the processes the cluster needs beside its nodes (nats-server, HAProxy), their own cost. */
export interface Sample { at: number; nodes: NodeSample[]; helpers: Array<{ name: string; usage: Usage }> }

export interface ClusterTarget extends Target {
  via: Via;
  nodeCount: number;
  /** Every usage() call's per-node sample, in order (measure.ts calls it before, at the window's start and end). */
  samples: Sample[];
  /** The connections HAProxy can hold on this machine when its open-files limit is the bound. */
  frontFit: number | null;
  sample(): Promise<Sample>;
}

export async function startCluster(o: { nodes: number; via: Via; databaseUrl: string }): Promise<ClusterTarget> {
  mkdirSync('.tmp', { recursive: true });
  const nats = await NatsServer.start();
  const env = {
    DATABASE_URL: o.databaseUrl, NATS_URL: nats.url, CLUSTER_NAME: `bench_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn', ADMIN_TOKEN: 'bench-admin-token', TRUSTED_PROXIES: '127.0.0.1',
  };
  try {
    const natsPid = pidOf((cmdline) => cmdline.includes('nats-server') && cmdline.includes(`-p\0${nats.port}\0`));
    const helpers = natsPid === null ? [] : [{ name: 'nats-server', pid: natsPid }];
    return o.via === 'workers' ? await behindWorkers(o.nodes, env, nats, helpers) : await behindHaproxy(o.nodes, env, nats, helpers);
  } catch (err) {
    await nats.remove();
    throw err;
  }
}

type Helper = { name: string; pid: number };

async function behindHaproxy(count: number, env: Record<string, string>, nats: NatsServer, helpers: Helper[]): Promise<ClusterTarget> {
  const nodes: Target[] = [];
  try {
    // One after another: the first migrates, the others find the database migrated.
    for (let i = 1; i <= count; i++) nodes.push(await startTarget(`node-${i}`, CENTRAL_SYSTEM, await freePort(), { ...env, NODE_ID: `node-${i}` }));
    const front = await HaproxyFront.start(nodes.map((n) => ({ name: n.name, address: `127.0.0.1:${n.port}` })));
    // As test/helpers/haproxy.ts starts it: within the hard open-files limit, two descriptors per connection.
    const fit = Number(maxconnWithinFdLimit(readFileSync(SHIPPED_CONFIG, 'utf8'))[1] ?? Number.NaN);
    const sampleNode = async (n: Target): Promise<NodeSample> => ({ node: n.name, pid: n.pid, usage: await n.usage(), connections: await metricsConnections(n.port) });
    return clusterTarget('haproxy', front.port, count, {
      processes: async () => Promise.all(nodes.map(sampleNode)),
      helpers: [...helpers, { name: 'HAProxy', pid: front.pid }], frontFit: Number.isNaN(fit) ? null : fit,
      stop: async () => {
        await front.stop();
        // A node HAProxy took out (its /ready check failed) refused the chargers meanwhile: say when it happened.
        for (const line of front.output.join('').split('\n').filter((l) => /is (DOWN|UP)/.test(l))) log(`HAProxy: ${line.trim()}`);
        await Promise.allSettled(nodes.map((n) => n.stop()));
        await nats.remove();
      },
    });
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    throw err;
  }
}

async function behindWorkers(count: number, env: Record<string, string>, nats: NatsServer, helpers: Helper[]): Promise<ClusterTarget> {
  const primary = await startTarget('primary', CENTRAL_SYSTEM, await freePort(), { ...env, WORKERS: String(count) });
  const processes = async (): Promise<NodeSample[]> => {
    const pids = [primary.pid, ...childrenOf(primary.pid)];
    const onPort = establishedOn(primary.port);
    return Promise.all(pids.map(async (pid, i) => ({
      node: i === 0 ? 'primary' : `worker-${i}`, pid, usage: await usageOf(pid), connections: socketInodes(pid).filter((x) => onPort.has(x)).length,
    })));
  };
  // /health answered by one worker; the others may still be starting.
  const deadline = Date.now() + 60_000;
  while ((await processes()).length < count + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if ((await processes()).length < count + 1) {
    await primary.stop();
    await nats.remove();
    throw new Error(`WORKERS=${count}: the primary did not fork ${count} workers within 60 s`);
  }
  return clusterTarget('workers', primary.port, count, {
    processes, helpers, frontFit: null,
    stop: async () => { await primary.stop(); await nats.remove(); },
  });
}

function clusterTarget(
  via: Via, port: number, nodeCount: number,
  d: { processes(): Promise<NodeSample[]>; helpers: Helper[]; frontFit: number | null; stop(): Promise<void> },
): ClusterTarget {
  const samples: Sample[] = [];
  const sample = async (): Promise<Sample> => {
    const [nodes, helpers] = await Promise.all([
      d.processes(), Promise.all(d.helpers.map(async (h) => ({ name: h.name, usage: await usageOf(h.pid) }))),
    ]);
    return { at: performance.now(), nodes, helpers };
  };
  return {
    name: `${nodeCount} nodes via ${via}`, port, pid: 0, via, nodeCount, samples, frontFit: d.frontFit, sample,
    // The load generator's view: the nodes' CPU and RSS summed (the helpers' apart, in the per-process rows).
    async usage() {
      const s = await sample();
      samples.push(s);
      return s.nodes.reduce((sum, n) => ({
        cpuMs: sum.cpuMs + n.usage.cpuMs, rssBytes: sum.rssBytes + n.usage.rssBytes, peakRssBytes: sum.peakRssBytes + n.usage.peakRssBytes,
      }), { cpuMs: 0, rssBytes: 0, peakRssBytes: 0 });
    },
    stop: d.stop,
  };
}

/** chargesync_ocpp_connections_open from the node's /metrics (open without METRICS_TOKEN). */
export async function metricsConnections(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^chargesync_ocpp_connections_open\s+(\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** The socket inodes of a process, from its open descriptors. */
function socketInodes(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try { return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '']; } catch { return []; }
    }).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The inodes of the established TCP connections accepted on `port` (/proc/net/tcp and tcp6). Workers of
 * node:cluster share the port, so this is how one tells which worker holds how many chargers.
 */
function establishedOn(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 01 is ESTABLISHED; the inode is the tenth field.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '01' && f[9]) inodes.add(f[9]);
    }
  }
  return inodes;
}

/** The first process whose command line (arguments NUL-separated) matches, from /proc; null if none. */
function pidOf(match: (cmdline: string) => boolean): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(`${readFileSync(`/proc/${entry}/cmdline`, 'utf8')}\0`)) return Number(entry);
    } catch { /* gone meanwhile */ }
  }
  return null;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
