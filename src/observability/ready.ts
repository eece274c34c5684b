// GET /ready: can this process serve chargers right now? Two checks, in order: the database answers, and it has
// every migration this build ships (a database restored from an older backup, or one a deploy did not migrate,
// answers but lacks tables and columns the code writes). In cluster mode (issue 15) a third: the node's NATS
// connection is up (without it, commands to chargers on other nodes fail and events wait in the outbox; the
// chargers it holds are still served). /health, by contrast, only says the process is alive.
import type { Logger } from '../shared/logger.js';
import { pgErrorCode, type Db } from '../store/db.js';
import { listPendingMigrations, pingDatabase } from '../store/readiness.js';
import { DeadlineExceeded, within } from './deadline.js';

export type CheckName = 'database' | 'migrations' | 'nats';

export type CheckResult =
  | { ok: true }
  // reason and code only: the driver's message can name hosts and users, and /ready answers without a token.
  | { ok: false; reason: 'unreachable' | 'timeout'; code: string | null }
  | { ok: false; reason: 'pending'; pending: string[] }
  | { ok: false; reason: 'not checked' };

export interface ReadyReport {
  ready: boolean;
  /** The checks that failed, in order; empty when ready. A check that could not run is not among them. */
  failed: CheckName[];
  /** nats only in cluster mode: a single node answers as it always has. */
  checks: { database: CheckResult; migrations: CheckResult; nats?: CheckResult };
}

// Below the usual probe timeout (Kubernetes: 1 s by default, often raised; Prometheus: 10 s).
const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessDeps {
  db: Db;
  log: Logger;
  timeoutMs?: number;
  /** Cluster mode: whether the NATS connection is up now (cluster/nats-link.ts `connected`). */
  natsConnected?: () => boolean;
}

export function makeReadiness(d: ReadinessDeps): () => Promise<ReadyReport> {
  const timeoutMs = d.timeoutMs ?? CHECK_TIMEOUT_MS;
  let lastFailed = '';
  return async () => {
    const report = await check(d.db, timeoutMs, d.log, d.natsConnected);
    // A prober asks every few seconds: log the changes, not every answer.
    const failed = report.failed.join(',');
    if (failed !== lastFailed) {
      if (failed) d.log.warn({ checks: report.checks }, 'not ready');
      else d.log.info('ready again');
      lastFailed = failed;
    }
    return report;
  };
}

async function check(db: Db, timeoutMs: number, log: Logger, natsConnected?: () => boolean): Promise<ReadyReport> {
  let database: CheckResult = { ok: true };
  let migrations: CheckResult = { ok: false, reason: 'not checked' };
  try {
    await within(timeoutMs, pingDatabase(db));
  } catch (err) {
    database = failure(err);
    if (database.reason === 'unreachable') log.debug({ err }, 'readiness: database check failed');
  }
  if (database.ok) {
    try {
      const pending = await within(timeoutMs, listPendingMigrations(db));
      migrations = pending.length === 0 ? { ok: true } : { ok: false, reason: 'pending', pending };
    } catch (err) {
      // It answered the ping a moment ago; failing now is the database's failure, named as such.
      database = failure(err);
    }
  }
  const checks: ReadyReport['checks'] = { database, migrations };
  if (natsConnected) checks.nats = natsConnected() ? { ok: true } : { ok: false, reason: 'unreachable', code: null };
  // A check not run (the database did not answer) did not fail; it is not named among the failures.
  const failed = (Object.keys(checks) as CheckName[]).filter((name) => {
    const c = checks[name];
    return c !== undefined && !c.ok && c.reason !== 'not checked';
  });
  return { ready: database.ok && migrations.ok && (checks.nats?.ok ?? true), failed, checks };
}

function failure(err: unknown): Extract<CheckResult, { reason: 'unreachable' | 'timeout' }> {
  if (err instanceof DeadlineExceeded) return { ok: false, reason: 'timeout', code: null };
  return { ok: false, reason: 'unreachable', code: pgErrorCode(err) ?? null };
}
