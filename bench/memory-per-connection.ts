// Memory per connected charger (issue 14): the central system and the bare ocpp-rpc server, each in a child
// process, before and after N chargers connect, boot and go idle. Read inside the server after a full GC
// (bench/memory-probe.ts): RSS and its parts from /proc/self/smaps_rollup, V8 heap and external memory from
// process.memoryUsage(); with --snapshot also two heap snapshots, compared per constructor and closure.
//
//   npx tsx bench/memory-per-connection.ts --chargers 1000 [--snapshot] [--no-bare] [--rate 200]
//
// The central system runs on a fresh database of its own on the PostgreSQL server (bench/database.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { BENCH_PASSWORD, createBenchDatabase } from './database.js';
import { groupsOf, perConnection } from './heap-snapshot-diff.js';
import { freePort, stopChild } from './target.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '1000' }, rate: { type: 'string', default: '250' },
    snapshot: { type: 'boolean', default: false }, 'no-bare': { type: 'boolean', default: false },
    'no-ours': { type: 'boolean', default: false }, top: { type: 'string', default: '40' },
  },
});
const CHARGERS = Number(values.chargers);
const RATE = Number(values.rate);
const SETTLE_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Probe {
  memoryUsage: NodeJS.MemoryUsage;
  smapsRollupKb: Record<string, number>;
  snapshot: string | null;
}

interface Server { pid: number; port: number; probe(): Promise<Probe>; stop(): Promise<void> }

async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'memory-probe-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', './bench/memory-probe.ts', entry], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', MEMORY_PROBE_DIR: dir,
      ...(values.snapshot ? { MEMORY_PROBE_SNAPSHOT: '1' } : {}),
    },
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok === true, 60_000);
  let taken = 0;
  return {
    pid: child.pid as number, port,
    async probe() {
      const file = join(dir, `probe-${taken++}.json`);
      child.kill('SIGUSR2');
      await waitFor(() => Promise.resolve(existsSync(file)), 300_000);
      await sleep(200); // written in one call; let it land
      return JSON.parse(readFileSync(file, 'utf8')) as Probe;
    },
    stop: () => stopChild(child),
  };
}

/** One idle charger: connects, boots, reports two connectors, then only answers pings (ws does). */
function connectCharger(port: number, id: string): Promise<WebSocket | null> {
  const auth = Buffer.from(`${id}:${BENCH_PASSWORD}`).toString('base64');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ocpp/${id}`, ['ocpp1.6'], { headers: { authorization: `Basic ${auth}` }, perMessageDeflate: false });
  const frames: unknown[][] = [
    [2, '1', 'BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Memory' }],
    ...[0, 1, 2].map((c) => [2, String(c + 2), 'StatusNotification', {
      connectorId: c, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString(),
    }]),
  ];
  return new Promise((resolve) => {
    const next = () => { const f = frames.shift(); if (f) ws.send(JSON.stringify(f)); else resolve(ws); };
    ws.once('open', next);
    ws.on('message', next);
    ws.once('error', () => resolve(null));
  });
}

async function connectAll(port: number, ids: string[]): Promise<WebSocket[]> {
  const pending: Array<Promise<WebSocket | null>> = [];
  const started = Date.now();
  for (let i = 0; i < ids.length; i++) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(connectCharger(port, ids[i] as string));
  }
  return (await Promise.all(pending)).filter((ws): ws is WebSocket => ws !== null);
}

interface Measured { name: string; connected: number; before: Probe; after: Probe }

async function measure(name: string, entry: string, env: Record<string, string>, ids: string[]): Promise<Measured> {
  const server = await startServer(entry, env);
  try {
    await sleep(SETTLE_MS);
    const before = await server.probe();
    const sockets = await connectAll(server.port, ids);
    await sleep(SETTLE_MS);
    const after = await server.probe();
    sockets.forEach((ws) => ws.terminate());
    return { name, connected: sockets.length, before, after };
  } finally {
    await server.stop();
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const perK = (before: number, after: number, n: number) => ((after - before) / n) * 1000;

function report(m: Measured): string {
  const { before: b, after: a, connected: n } = m;
  const lines = [`${m.name}: ${n} connected`];
  const row = (label: string, x: number, y: number) =>
    lines.push(`  ${label.padEnd(22)} ${mb(x).padStart(8)} → ${mb(y).padStart(8)} MB   ${mb(perK(x, y, n)).padStart(7)} MB per 1,000 (${((y - x) / n / 1024).toFixed(1)} kB each)`);
  const kb = (key: string, p: Probe) => (p.smapsRollupKb[key] ?? 0) * 1024;
  row('RSS (smaps_rollup)', kb('Rss', b), kb('Rss', a));
  row('  anonymous', kb('Anonymous', b), kb('Anonymous', a));
  row('V8 heap used', b.memoryUsage.heapUsed, a.memoryUsage.heapUsed);
  row('V8 heap total', b.memoryUsage.heapTotal, a.memoryUsage.heapTotal);
  row('external', b.memoryUsage.external, a.memoryUsage.external);
  row('  array buffers', b.memoryUsage.arrayBuffers, a.memoryUsage.arrayBuffers);
  return lines.join('\n');
}

function snapshotReport(m: Measured): string {
  if (!m.before.snapshot || !m.after.snapshot) return '';
  const rows = perConnection(groupsOf(m.before.snapshot), groupsOf(m.after.snapshot), m.connected);
  const total = rows.reduce((s, r) => s + r.bytesPerConnection, 0);
  const top = rows.slice(0, Number(values.top)).map((r) =>
    `  ${r.bytesPerConnection.toFixed(0).padStart(7)} B  ${r.countPerConnection.toFixed(2).padStart(6)} x  ${r.key}`);
  return [`${m.name}: heap growth per connection by group (${total.toFixed(0)} B in all that grew)`, ...top].join('\n');
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const ids = Array.from({ length: CHARGERS }, (_, i) => `MEM-${String(i + 1).padStart(5, '0')}`);
  const results: Measured[] = [];
  if (!values['no-ours']) {
    const db = await createBenchDatabase(serverUrl);
    try {
      await db.seed(ids, 2);
      results.push(await measure('central system', 'src/main.ts', { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ADMIN_TOKEN: 'bench-admin-token' }, ids));
    } finally {
      await db.drop();
    }
  }
  if (!values['no-bare']) results.push(await measure('bare ocpp-rpc', 'bench/bare-server.ts', { PING_INTERVAL_MS: '30000' }, ids));
  for (const m of results) process.stdout.write(`${report(m)}\n`);
  for (const m of results) process.stdout.write(`${snapshotReport(m)}\n`);
}

async function waitFor(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await sleep(200);
  }
}

main().catch((err: unknown) => { console.error('memory-per-connection failed:', err); process.exit(1); });
