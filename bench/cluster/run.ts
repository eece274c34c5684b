// `npm run bench -- cluster --nodes 2 [--via haproxy|workers]` (issue 15, "Benchmark"): one process, then N
// cluster nodes behind one address, each on a fresh database of its own on the PostgreSQL server, measured
// in the same run: (a) saturation with the whole transaction mix (the load generator and figures of
// `saturation`), (b) capacity: how many chargers connect through the one address and stay connected.
import { mkdir, writeFile } from 'node:fs/promises';
import { createBenchDatabase, type BenchDatabase } from '../database.js';
import { chargeBoxIds, log, measure, type Figures } from '../measure.js';
import { CENTRAL_SYSTEM, freePort, startTarget, type Target } from '../target.js';
import type { Scenario } from '../scenarios.js';
import { holdIds, measureHold, type HoldFigures, type HoldPlan } from './hold.js';
import { startCluster, type Sample, type Via } from './nodes.js';
import { nodeWindowOf, renderClusterReport, type ClusterResults } from './report.js';

const MB = 1024 * 1024;

export interface ClusterRunOptions {
  nodes: number;
  via: Via;
  /** capacity: chargers to connect and hold (0: skip it), how fast they arrive, how long they are held. */
  hold: number;
  holdRatePerS: number;
  holdS: number;
  serverUrl: string;
  out: string | undefined;
}

export async function runCluster(s: Scenario, o: ClusterRunOptions): Promise<void> {
  log(`cluster: 1 process, then ${o.nodes} nodes via ${o.via}; saturation ${s.chargers} chargers x ${s.connectors}, ${s.load} load, ${s.durationS} s; capacity ${o.hold} chargers held ${o.holdS} s`);
  const plan: HoldPlan = { chargers: o.hold, connectors: s.connectors, ratePerS: o.holdRatePerS, holdS: o.holdS, workers: s.workers, handshakeTimeoutS: s.handshakeTimeoutS };
  const single = await onItsOwnDatabase(s, o, async (db) => {
    const target = await startTarget('1 process', CENTRAL_SYSTEM, await freePort(), { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ADMIN_TOKEN: 'bench-admin-token' });
    return measureBoth(s, plan, target, db, null);
  });
  const many = await onItsOwnDatabase(s, o, async (db) => {
    const cluster = await startCluster({ nodes: o.nodes, via: o.via, databaseUrl: db.url });
    log(`${cluster.name}: listening on ${cluster.port}`);
    // HAProxy here cannot hold more than its open-files limit allows: the cluster's hold stops there, said so.
    const fit = cluster.frontFit;
    const clusterPlan = fit !== null && fit < plan.chargers ? { ...plan, chargers: fit } : plan;
    const frontNote = clusterPlan === plan ? null
      : `the cluster's hold was ${fit} chargers, not ${plan.chargers}: HAProxy's open-files limit here (2 descriptors a connection) holds no more; --via workers has no such front`;
    if (frontNote) log(frontNote);
    return { ...await measureBoth(s, clusterPlan, cluster, db, cluster.samples), frontNote };
  });
  const [windowStart, windowEnd] = many.window ?? [];
  if (!windowStart || !windowEnd) throw new Error('the cluster run left no per-process samples');
  const window = nodeWindowOf(windowStart, windowEnd);
  const results: ClusterResults = {
    nodes: o.nodes, via: o.via, saturation: [single.saturation, many.saturation],
    nodeWindow: window.nodes, helpers: window.helpers, frontNote: many.frontNote,
    hold: [single.hold, many.hold].filter((h): h is HoldFigures => h !== null),
    holdPerNode: many.afterHold?.nodes.map((x) => ({ node: x.node, connections: x.connections, rssMb: x.usage.rssBytes / MB })) ?? [],
  };
  process.stdout.write(`\n${renderClusterReport(s, results)}\n`);
  const out = o.out ?? `bench/results/cluster-${o.nodes}-${o.via}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await mkdir(new URL('.', `file://${process.cwd()}/${out}`).pathname, { recursive: true });
  await writeFile(out, `${JSON.stringify({ scenario: s, options: o, at: new Date().toISOString(), results }, null, 2)}\n`);
  process.stdout.write(`results written to ${out}\n`);
}

interface Measured { saturation: Figures; hold: HoldFigures | null; window: [Sample, Sample] | null; afterHold: Sample | null }

/**
 * Saturation, then capacity, on one target; stopped at the end. With the cluster's `samples` (one per usage()
 * call: measure.ts samples before, at the window's start and at its end), the window's two and the hold's last.
 */
async function measureBoth(s: Scenario, plan: HoldPlan, target: Target, db: BenchDatabase, samples: Sample[] | null): Promise<Measured> {
  try {
    const saturation = await measure(s, target, db);
    const window = samples && samples.length >= 2 ? [samples.at(-2)!, samples.at(-1)!] as [Sample, Sample] : null;
    const hold = plan.chargers > 0 ? await measureHold(plan, target) : null;
    return { saturation, hold, window, afterHold: hold && samples ? samples.at(-1) ?? null : null };
  } finally {
    await target.stop();
  }
}

/** A fresh database, seeded with the saturation's and the hold's chargers; dropped after, whatever happened. */
async function onItsOwnDatabase<T>(s: Scenario, o: ClusterRunOptions, f: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const db = await createBenchDatabase(o.serverUrl);
  const drop = () => { void db.drop().finally(() => process.exit(130)); };
  process.once('SIGINT', drop);
  try {
    await db.seed([...chargeBoxIds(0, s.chargers), ...holdIds(o.hold)], s.connectors);
    return await f(db);
  } finally {
    process.off('SIGINT', drop);
    await db.drop();
  }
}
