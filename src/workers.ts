// WORKERS=N (issue 15, "One address"): one host uses all its cores. This primary process migrates the database
// once, then forks N workers with node:cluster that share the port; each worker is a full cluster node (NODE_ID
// `<NODE_ID>-<n>`) running main.ts as a lone process would. On Linux the primary accepts the connections and hands
// them to the workers round-robin, which also takes the accept loop off the workers' event loops (issue 14's
// connect storm). The primary opens no database pool and no NATS connection beyond the migration: it only keeps
// N workers alive (a worker that dies is forked again) and on SIGTERM or SIGINT stops them (each drains as a
// lone process does) and exits.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import type { Logger } from './shared/logger.js';
import { openDatabase, databaseTarget } from './store/db.js';

/** Set in each worker's environment: its number, from 1. */
const WORKER_NUMBER_ENV = 'CHARGESYNC_WORKER';

/** A worker that dies sooner than this after its start is forked again only after a pause, doubled each time
 * (a bad configuration or an unreachable database would otherwise be a fork loop). */
const HEALTHY_AFTER_MS = 10_000;
const MAX_REFORK_DELAY_MS = 30_000;
/** At shutdown a worker gets its drain (SHUTDOWN_GRACE_S) and this much for the rest of its close, then SIGKILL:
 * a worker that hangs (or is frozen) must not keep the primary, and whoever waits on it, from exiting. */
const KILL_MARGIN_MS = 10_000;

/** The worker's number (1..N) when this process is a worker of WORKERS, else null. */
export function workerNumber(): number | null {
  if (!cluster.isWorker) return null;
  const n = Number(process.env[WORKER_NUMBER_ENV]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export async function runPrimary(config: Config, log: Logger): Promise<void> {
  const baseNodeId = config.cluster?.nodeId;
  if (!baseNodeId) throw new Error('WORKERS > 1 needs cluster mode (NATS_URL); config.ts refuses it otherwise');
  await migrateOnce(config, log);
  const workers = new Map<Worker, { n: number; startedAt: number }>();
  const delays = new Map<number, number>();
  let stopping = false;

  const fork = (n: number) => {
    const worker = cluster.fork({ [WORKER_NUMBER_ENV]: String(n), NODE_ID: `${baseNodeId}-${n}` });
    workers.set(worker, { n, startedAt: Date.now() });
  };

  cluster.on('exit', (worker, code, signal) => {
    const known = workers.get(worker);
    workers.delete(worker);
    if (!known || stopping) return;
    const livedMs = Date.now() - known.startedAt;
    const delayMs = livedMs >= HEALTHY_AFTER_MS ? 0 : Math.min(Math.max(delays.get(known.n) ?? 0, 500) * 2, MAX_REFORK_DELAY_MS);
    delays.set(known.n, delayMs);
    log.warn({ worker: known.n, pid: worker.process.pid, code, signal, restartInMs: delayMs }, 'worker died; starting another');
    setTimeout(() => { if (!stopping) fork(known.n); }, delayMs);
  });

  log.info({ workers: config.workers, nodeIds: `${baseNodeId}-1..${config.workers}`, pid: process.pid }, 'starting workers');
  for (let n = 1; n <= config.workers; n++) fork(n);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers: workers.size }, 'shutting down: stopping the workers');
    const killAfterMs = config.shutdownGraceMs + KILL_MARGIN_MS;
    await Promise.all([...workers.entries()].map(([w, { n }]) => stopWorker(w, killAfterMs, log.child({ worker: n }))));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Before any worker starts: N processes migrating at once would only wait on each other (store/db.ts' lock). */
async function migrateOnce(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase(databaseTarget(config.database));
  try {
    await database.migrate();
    log.info('database migrated');
  } finally {
    await database.close();
  }
}

/** SIGTERM: the worker drains its chargers as a lone process does (main.ts), then exits; SIGKILL after killAfterMs. */
function stopWorker(worker: Worker, killAfterMs: number, log: Logger): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      log.warn({ pid: worker.process.pid, killAfterMs }, 'worker did not stop in time; killing it');
      worker.process.kill('SIGKILL');
    }, killAfterMs);
    worker.once('exit', () => { clearTimeout(killer); resolve(); });
    worker.process.kill('SIGTERM');
  });
}
