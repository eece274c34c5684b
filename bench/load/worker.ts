// One load-generator process: drives its share of the bench chargers on the orchestrator's orders (IPC) and
// reports what it measured, including its own CPU, so a saturated generator shows in the results.
import { BenchCharger } from './bench-charger.js';
import { sessionLoop } from './session-loop.js';
import { emptyStats, type WorkerStats } from '../stats.js';
import type { ToWorker, FromWorker, LoadShape } from './protocol.js';

let shape: LoadShape | null = null;
const chargers: BenchCharger[] = [];
let total = emptyStats();
let window = emptyStats();
const statsNow = (): WorkerStats[] => [total, window];
let meterTimer: NodeJS.Timeout | null = null;
let running = false;
const dueAt = new Map<BenchCharger, number>();
/** The mix load's session loops, awaited at the run's end before the open sessions are stopped. */
const loops: Array<Promise<void>> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const send = (m: FromWorker): void => { process.send?.(m); };

/** At most `limit` promises at once: a storm of handshakes from one process, but not an unbounded one. */
async function inBatches<T>(items: T[], limit: number, f: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await f(items[next++] as T);
  }));
}

function chargerFor(id: string): BenchCharger {
  const s = shape as LoadShape;
  return new BenchCharger({
    url: s.url, chargeBoxId: id, password: s.password, callTimeoutMs: s.callTimeoutMs, handshakeTimeoutMs: s.handshakeTimeoutMs,
    idTags: Array.from({ length: s.connectors }, (_, c) => `${id}-${c + 1}`),
  }, statsNow);
}

async function add(ids: string[]): Promise<void> {
  const s = shape as LoadShape;
  let connected = 0;
  await inBatches(ids.map(chargerFor), s.connectConcurrency, async (c) => {
    if (!(await c.connect())) return;
    connected++;
    chargers.push(c);
    await c.boot();
    await startLoad(c, s);
  });
  send({ type: 'added', connected, failed: ids.length - connected });
}

/** mix: the session loops start (not awaited); meter: the sessions are started, then the MeterValues. */
async function startLoad(c: BenchCharger, s: LoadShape): Promise<void> {
  if (s.load === 'mix') {
    c.startHeartbeat();
    const plan = { meterValuesPerSession: s.meterValuesPerSession, intervalMs: s.meterIntervalMs, running: () => running };
    for (let k = 1; k <= c.connectors; k++) loops.push(sessionLoop(c, k, plan));
    return;
  }
  await c.startSessions();
  if (s.meterIntervalMs > 0) dueAt.set(c, performance.now() + Math.random() * s.meterIntervalMs);
  else loops.push(saturate(c));
}

/**
 * connect-storm: an open-loop arrival of `ratePerS` connections a second, whatever the server's pace (a fleet
 * coming back after a restart does not wait for the handshakes before it); each charger boots when connected.
 */
async function storm(ids: string[], ratePerS: number): Promise<void> {
  const began = performance.now();
  let connected = 0;
  let allBootedMs = 0;
  const failedIds: string[] = [];
  const arrivals = ids.map(async (id, i) => {
    await sleep(began + (i * 1000) / ratePerS - performance.now());
    const c = chargerFor(id);
    if (!(await c.connect())) { failedIds.push(id); return; }
    connected++;
    chargers.push(c);
    await c.boot();
    allBootedMs = Math.max(allBootedMs, performance.now() - began);
  });
  await Promise.all(arrivals);
  send({ type: 'stormed', connected, failed: ids.length - connected, allBootedMs, failedIds });
}

/** Saturation of the `meter` load: each charger sends its next MeterValues as soon as the last is answered. */
async function saturate(c: BenchCharger): Promise<void> {
  let connector = 1;
  while (running && c.isOnline) {
    await c.meterValues(connector, 1_000);
    connector = (connector % c.connectors) + 1;
  }
}

function startMeterClock(intervalMs: number): void {
  meterTimer = setInterval(() => {
    const now = performance.now();
    for (const [c, due] of dueAt) {
      if (now < due) continue;
      dueAt.set(c, due + intervalMs);
      void c.meterTick(intervalMs);
    }
  }, 50);
}

async function reconnectAll(): Promise<void> {
  const s = shape as LoadShape;
  const began = performance.now();
  let reconnected = 0;
  let drainedMs = 0;
  await inBatches(chargers.slice(), s.connectConcurrency, async (c) => {
    if (!(await c.connect())) return;
    reconnected++;
    await c.boot();
    // Boot and status go first (they are not queued); then the queue drains in order behind them.
    await c.call('Heartbeat', {});
    while (c.queued > 0) await new Promise((r) => setTimeout(r, 20));
    drainedMs = Math.max(drainedMs, performance.now() - began);
  });
  send({ type: 'reconnected', reconnected, failed: chargers.length - reconnected, drainedMs });
}

function snapshot(): FromWorker {
  const cpu = process.cpuUsage();
  total.cpuUserMs = cpu.user / 1000;
  total.cpuSystemMs = cpu.system / 1000;
  total.rssBytes = process.memoryUsage().rss;
  const report: FromWorker = {
    type: 'report', total, window,
    online: chargers.filter((c) => c.isOnline).length,
    queued: chargers.reduce((n, c) => n + c.queued, 0),
  };
  window = emptyStats();
  return report;
}

process.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'init':
      shape = m.shape;
      running = true;
      total = emptyStats();
      if (m.shape.load === 'meter' && m.shape.meterIntervalMs > 0) startMeterClock(m.shape.meterIntervalMs);
      send({ type: 'ready' });
      return;
    case 'add': void add(m.ids); return;
    case 'storm': void storm(m.ids, m.ratePerS); return;
    case 'report': send(snapshot()); return;
    case 'backlog': send({ type: 'backlog', queued: chargers.reduce((n, c) => n + c.queued, 0) }); return;
    case 'drop': for (const c of chargers) c.drop(); send({ type: 'dropped' }); return;
    case 'reconnect': void reconnectAll(); return;
    case 'stop':
      running = false;
      if (meterTimer) clearInterval(meterTimer);
      void Promise.all(loops).then(() => inBatches(chargers.filter((c) => c.isOnline), 500, (c) => c.stopSessions())).then(() => {
        for (const c of chargers) c.close();
        send(snapshot());
        send({ type: 'stopped' });
      });
      return;
  }
});
