// Capacity as the issue asks it (issue 15, "Benchmark"): how many chargers connect through the one address and
// are still connected a while later. The chargers arrive at a steady rate (the connect-storm's worker order),
// boot, and then idle, as a fleet does between sessions; after `holdS` (past one of the server's ping rounds,
// OCPP_OFFLINE_AFTER_S / 2) the generator counts those still online.
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
  connected: number;
  handshakeFailures: Record<string, number>;
  /** From the first arrival until the last connected charger had booted. */
  allBootedSeconds: number;
  /** Online after holdS. */
  stayed: number;
  holdS: number;
  /** The server processes' RSS summed, after holdS (null: the server was gone). */
  serverRssMb: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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
    const r = await pool.storm(holdIds(plan.chargers), plan.ratePerS);
    log(`${target.name}: ${r.connected} of ${plan.chargers} connected at ${plan.ratePerS}/s (${r.failed} failed); holding ${plan.holdS} s`);
    await sleep(plan.holdS * 1000);
    const report = await pool.report();
    const usage = await target.usage().catch(() => null);
    log(`${target.name}: ${report.online} still connected after ${plan.holdS} s`);
    return {
      target: target.name, attempted: plan.chargers, connected: r.connected, handshakeFailures: report.window.handshakeFailures,
      allBootedSeconds: r.allBootedMs / 1000, stayed: report.online, holdS: plan.holdS,
      serverRssMb: usage ? usage.rssBytes / MB : null,
    };
  } finally {
    pool.kill();
  }
}
