// Capacity as the issue asks it (issue 15, "Benchmark"): how many chargers connect through the one address and
// are still connected a while later. The chargers arrive at a steady rate (the connect-storm's worker order),
// boot, and then idle, as a fleet does between sessions; a charger whose handshake failed tries again after a
// pause, as real ones do (so a slow handshake on a loaded host is not taken for a full server), a few rounds;
// after `holdS` (past one of the server's ping rounds, OCPP_OFFLINE_AFTER_S / 2) those still online count.
import { WorkerPool } from '../load/pool.js';
import { BENCH_PASSWORD } from '../database.js';
import { log } from '../measure.js';
import type { Target } from '../target.js';
import { hardOpenFilesLimit } from '../../test/helpers/haproxy.js';

export interface HoldPlan {
  chargers: number;
  connectors: number;
  ratePerS: number;
  holdS: number;
  workers: number;
  handshakeTimeoutS: number;
}

export interface HoldFigures {
  target: string;
  attempted: number;
  /** Connected at the first attempt, and after the retry rounds. */
  connectedFirst: number;
  connected: number;
  retryRounds: number;
  /** Every failed handshake, of every round, by kind. */
  handshakeFailures: Record<string, number>;
  /** First round: from the first arrival until the last charger connected had booted. */
  allBootedSeconds: number;
  /** Online after holdS. */
  stayed: number;
  holdS: number;
  /** The server processes' RSS summed, after holdS (null: the server was gone). */
  serverRssMb: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRY_ROUNDS = 4;
const RETRY_PAUSE_MS = 10_000;
const MB = 1024 * 1024;

/** The hold's chargers: a range of their own, apart from the saturation's BENCH-00001... */
export function holdIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `HOLD-${String(i + 1).padStart(6, '0')}`);
}

export async function measureHold(plan: HoldPlan, target: Target): Promise<HoldFigures> {
  // Each generator process is bound by the same open-files limit as a server: 3/4 of it per process at most.
  const perWorker = Math.floor(hardOpenFilesLimit() * 0.75);
  const pool = new WorkerPool(Math.max(plan.workers, Math.ceil(plan.chargers / perWorker)));
  try {
    await pool.init({
      url: `ws://127.0.0.1:${target.port}/ocpp`, password: BENCH_PASSWORD, connectors: plan.connectors, load: 'mix',
      meterValuesPerSession: 0, meterIntervalMs: 0, callTimeoutMs: 60_000, handshakeTimeoutMs: plan.handshakeTimeoutS * 1000,
      connectConcurrency: 250,
    });
    await pool.report(); // the window starts with the arrivals
    const first = await pool.storm(holdIds(plan.chargers), plan.ratePerS);
    log(`${target.name}: ${first.connected} of ${plan.chargers} connected at ${plan.ratePerS}/s (${first.failed} failed)`);
    let connected = first.connected;
    let failedIds = first.failedIds;
    let rounds = 0;
    while (failedIds.length > 0 && rounds < RETRY_ROUNDS) {
      rounds++;
      await sleep(RETRY_PAUSE_MS);
      const again = await pool.storm(failedIds, plan.ratePerS);
      connected += again.connected;
      failedIds = again.failedIds;
      log(`${target.name}: retry ${rounds}: ${again.connected} more connected, ${failedIds.length} still failing`);
    }
    log(`${target.name}: ${connected} of ${plan.chargers} connected; holding ${plan.holdS} s`);
    await sleep(plan.holdS * 1000);
    const report = await pool.report();
    const usage = await target.usage().catch(() => null);
    log(`${target.name}: ${report.online} still connected after ${plan.holdS} s`);
    return {
      target: target.name, attempted: plan.chargers, connectedFirst: first.connected, connected, retryRounds: rounds,
      handshakeFailures: report.window.handshakeFailures, allBootedSeconds: first.allBootedMs / 1000, stayed: report.online, holdS: plan.holdS,
      serverRssMb: usage ? usage.rssBytes / MB : null,
    };
  } finally {
    pool.kill();
  }
}
