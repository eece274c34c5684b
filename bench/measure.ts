// One scenario against one server: connect the chargers, measure a window, stop; figures as numbers.
import type { Target, Usage } from './target.js';
import type { BenchDatabase } from './database.js';
import { BENCH_PASSWORD, type DatabaseActivity } from './database.js';
import { WorkerPool, type LoadReport } from './load/pool.js';
import { summarise, merge, type Histogram, type LatencySummary, type WorkerStats } from './stats.js';
import type { Scenario } from './scenarios.js';
import type { LoadShape } from './load/protocol.js';
import { hostCpu, type HostCpu } from './host-cpu.js';

export interface ConnectStormFigures {
  attempted: number;
  known: number;
  ratePerS: number;
  connected: number;
  handshakeFailures: Record<string, number>;
  handshake: LatencySummary;
  /** From the first connection until the last charger connected had booted and sent its statuses. */
  allBootedSeconds: number;
  bootStatus: Record<string, number>;
}

export interface Figures {
  target: string;
  chargersConnected: number;
  connectFailures: number;
  connectSeconds: number;
  /** After connecting, until the messages queued meanwhile were answered (the window starts after). */
  backlogSeconds: number;
  windowSeconds: number;
  messagesPerS: number;
  latency: Record<string, LatencySummary>;
  /** While the chargers connected, booted and started their sessions (before the measured window). */
  connectLatency: Record<string, LatencySummary>;
  errors: Record<string, number>;
  serverCpuPercent: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  rssMbPer1000Connections: number;
  /** Before the first connection, and per 1,000 connections above that. */
  serverRssBeforeMb: number;
  rssMbPer1000AboveStart: number;
  rowsWrittenPerS: number | null;
  /** Database transactions per message handled: how well the statement groups gather (fewer is better). */
  transactionsPerMessage: number | null;
  generatorCpuPercent: number;
  /** Every core's busy time (200 = two cores), and PostgreSQL's on this host (null: it runs elsewhere, or embedded). */
  hostCpuPercent: number;
  postgresCpuPercent: number | null;
  /** Meter samples acknowledged to chargers, and found in the database (central system only). */
  samplesAcknowledged: number;
  samplesStored: number | null;
  /** StartTransactions acknowledged with an id / session rows; StopTransactions acknowledged / stopped rows. */
  startsAcknowledged: number;
  sessionsStored: number | null;
  stopsAcknowledged: number;
  sessionsStoppedStored: number | null;
  connectStorm?: ConnectStormFigures;
  capacitySteps?: Array<{ chargers: number; p99Ms: number; connectFailures: number }>;
  capacityChargers?: number | null;
  storm?: { reconnected: number; failed: number; drainedSeconds: number };
}

const SETTLE_MS = 10_000;
const BACKLOG_LIMIT_S = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

export function chargeBoxIds(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `BENCH-${String(from + i + 1).padStart(5, '0')}`);
}

export function loadShape(s: Scenario, target: Target): LoadShape {
  return {
    url: `ws://127.0.0.1:${target.port}/ocpp`, password: BENCH_PASSWORD, connectors: s.connectors, load: s.load,
    meterValuesPerSession: s.meterValuesPerSession, meterIntervalMs: s.meterIntervalS * 1000, callTimeoutMs: 30_000,
    handshakeTimeoutMs: s.handshakeTimeoutS * 1000, connectConcurrency: 250,
  };
}

export async function measure(s: Scenario, target: Target, db: BenchDatabase | null): Promise<Figures> {
  const pool = new WorkerPool(s.workers);
  try {
    await pool.init(loadShape(s, target));
    const before = await target.usage();
    if (s.name === 'capacity') return withStart(await rampUntilSlow(s, target, pool, db), before);
    const t0 = performance.now();
    const added = await pool.add(chargeBoxIds(0, s.chargers));
    const connectSeconds = (performance.now() - t0) / 1000;
    log(`${target.name}: ${added.connected} chargers connected in ${connectSeconds.toFixed(1)} s (${added.failed} failed)`);
    let storm: Figures['storm'];
    if (s.name === 'storm') {
      await sleep(5_000);
      await pool.drop();
      log(`${target.name}: all chargers cut off for ${s.outageS} s`);
      await sleep(s.outageS * 1000);
    }
    // Like capacity's steps: the window starts once the work the connections left behind is done. On a slow
    // host, chargers connected early have queued readings by the time the last one connects: those go first.
    // (Saturation keeps a message in flight per charger by design; the storm measures its own drain.)
    const backlogSeconds = s.name === 'storm' || s.meterIntervalS === 0 ? 0 : await drainBacklog(pool, s);
    if (s.name !== 'storm') await sleep(SETTLE_MS);
    const start = await mark(target, pool, db);
    if (s.name === 'storm') {
      const r = await pool.reconnect();
      storm = { reconnected: r.reconnected, failed: r.failed, drainedSeconds: r.drainedMs / 1000 };
      log(`${target.name}: ${r.reconnected} reconnected, queues drained in ${storm.drainedSeconds.toFixed(1)} s`);
    } else {
      await sleep(s.durationS * 1000);
    }
    const end = await mark(target, pool, db);
    const final = await pool.stop();
    const figures = figuresOf(target.name, start, end, final.total);
    figures.connectSeconds = connectSeconds;
    figures.backlogSeconds = backlogSeconds;
    figures.chargersConnected = added.connected;
    figures.connectFailures = added.failed + end.report.window.connectFailures;
    if (storm) figures.storm = storm;
    await settleStored(figures, db);
    return withStart(figures, before);
  } finally {
    pool.kill();
  }
}

export interface Mark { at: number; usage: Usage; activity: DatabaseActivity | null; report: LoadReport; host: HostCpu }

/**
 * Waits until the chargers' queues are back to what the load itself keeps in flight (1 % of the connectors, at
 * least 100 messages) for 3 s running, or BACKLOG_LIMIT_S passed; the seconds it took.
 */
async function drainBacklog(pool: WorkerPool, s: Scenario): Promise<number> {
  const began = performance.now();
  const normal = Math.max(100, (s.chargers * s.connectors) / 100);
  let calm = 0;
  while (calm < 3 && performance.now() - began < BACKLOG_LIMIT_S * 1000) {
    calm = (await pool.backlog()) <= normal ? calm + 1 : 0;
    await sleep(1_000);
  }
  const seconds = (performance.now() - began) / 1000;
  if (seconds > 4) log(`backlog left by connecting drained in ${seconds.toFixed(1)} s`);
  return seconds;
}

export async function mark(target: Target, pool: WorkerPool, db: BenchDatabase | null): Promise<Mark> {
  const [report, usage, activity, host] = await Promise.all([pool.report(), target.usage(), db ? db.activity() : null, hostCpu()]);
  return { at: performance.now(), usage, activity, report, host };
}

/** The server's RSS before the first connection, and what each 1,000 connections added to it. */
export function withStart(f: Figures, before: Usage): Figures {
  f.serverRssBeforeMb = before.rssBytes / MB;
  f.rssMbPer1000AboveStart = ((f.serverRssMb - f.serverRssBeforeMb) / Math.max(1, f.chargersConnected)) * 1000;
  return f;
}

export function figuresOf(name: string, start: Mark, end: Mark, total: WorkerStats): Figures {
  const w = end.report.window;
  const seconds = (end.at - start.at) / 1000;
  const latency = byAction(w);
  const connectLatency = byAction(start.report.window);
  const generatorCpuMs = (end.report.total.cpuUserMs + end.report.total.cpuSystemMs) - (start.report.total.cpuUserMs + start.report.total.cpuSystemMs);
  const online = Math.max(1, end.report.online);
  return {
    target: name, chargersConnected: end.report.online, connectFailures: w.connectFailures, connectSeconds: 0, backlogSeconds: 0,
    windowSeconds: seconds, messagesPerS: w.messages / seconds, latency, connectLatency, errors: w.errors,
    serverCpuPercent: ((end.usage.cpuMs - start.usage.cpuMs) / 10) / seconds,
    serverRssMb: end.usage.rssBytes / MB, serverPeakRssMb: end.usage.peakRssBytes / MB,
    rssMbPer1000Connections: (end.usage.rssBytes / MB / online) * 1000, serverRssBeforeMb: 0, rssMbPer1000AboveStart: 0,
    rowsWrittenPerS: start.activity && end.activity ? (end.activity.rows - start.activity.rows) / seconds : null,
    transactionsPerMessage: start.activity && end.activity
      ? (end.activity.transactions - start.activity.transactions) / Math.max(1, w.messages) : null,
    generatorCpuPercent: generatorCpuMs / 10 / seconds,
    hostCpuPercent: (end.host.busyMs - start.host.busyMs) / 10 / seconds,
    postgresCpuPercent: start.host.postgresMs === null || end.host.postgresMs === null ? null : (end.host.postgresMs - start.host.postgresMs) / 10 / seconds,
    samplesAcknowledged: total.samplesAcknowledged, samplesStored: null,
    startsAcknowledged: total.startsAcknowledged, sessionsStored: null, stopsAcknowledged: total.stopsAcknowledged, sessionsStoppedStored: null,
  };
}

export function byAction(w: WorkerStats): Record<string, LatencySummary> {
  const all: Histogram = {};
  for (const h of Object.values(w.latency)) merge(all, h);
  const out: Record<string, LatencySummary> = { all: summarise(all) };
  for (const [action, h] of Object.entries(w.latency)) out[action] = summarise(h);
  return out;
}

/**
 * Every acknowledged sample must be in the database, once, every acknowledged StartTransaction a session row,
 * every acknowledged StopTransaction a stopped one: counted after the last answer.
 */
export async function settleStored(f: Figures, db: BenchDatabase | null): Promise<void> {
  if (!db) return;
  f.samplesStored = await db.count('meter_values');
  f.sessionsStored = await db.count('charging_sessions');
  f.sessionsStoppedStored = await db.countStopped();
}

/** capacity: add chargers step by step until p99 passes the limit or connections fail. */
async function rampUntilSlow(s: Scenario, target: Target, pool: WorkerPool, db: BenchDatabase | null): Promise<Figures> {
  const steps: NonNullable<Figures['capacitySteps']> = [];
  let connected = 0;
  let capacity: number | null = null;
  let first: Mark | null = null;
  let last: Mark | null = null;
  while (connected < s.chargers) {
    const added = await pool.add(chargeBoxIds(connected, s.stepChargers));
    connected += added.connected;
    // The window starts after the step's connections and the work they leave behind (slot refreshes, events).
    await sleep(SETTLE_MS);
    await pool.report();
    first ??= await mark(target, pool, db);
    await sleep(s.stepS * 1000);
    last = await mark(target, pool, db);
    const all: Histogram = {};
    for (const h of Object.values(last.report.window.latency)) merge(all, h);
    const p99Ms = summarise(all).p99;
    steps.push({ chargers: connected, p99Ms, connectFailures: added.failed });
    log(`${target.name}: ${connected} chargers, p99 ${p99Ms} ms, ${added.failed} connect failures`);
    if (p99Ms > s.p99LimitMs || added.failed > 0) { capacity = connected; break; }
  }
  const final = await pool.stop();
  const f = figuresOf(target.name, first as Mark, last as Mark, final.total);
  f.chargersConnected = connected;
  f.capacitySteps = steps;
  f.capacityChargers = capacity;
  await settleStored(f, db);
  return f;
}

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
