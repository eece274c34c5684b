// connect-storm: N chargers arrive at R a second (a restart, a network blip, a fleet coming online), some
// already registered, the rest new; each boots and reports its connectors. Then, all idle, the server's RSS.
import type { Target } from './target.js';
import type { BenchDatabase } from './database.js';
import { WorkerPool } from './load/pool.js';
import { summarise } from './stats.js';
import type { Scenario } from './scenarios.js';
import { chargeBoxIds, figuresOf, loadShape, log, mark, settleStored, withStart, type Figures } from './measure.js';

/** Idle connections settle (the boots' follow-up work done) before the memory is read. */
const SETTLE_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The storm's chargers in arrival order, registered and new interleaved evenly (the first `known` of them by
 * `knownFraction`), so both kinds arrive throughout the storm. The registered ones are the ones to seed.
 */
export function stormIds(s: Scenario): { all: string[]; known: string[] } {
  const known = Math.round(s.chargers * s.knownFraction);
  const registered = chargeBoxIds(0, known);
  const fresh = Array.from({ length: s.chargers - known }, (_, i) => `STORM-${String(i + 1).padStart(5, '0')}`);
  const all: string[] = [];
  let k = 0;
  let f = 0;
  for (let i = 0; i < s.chargers; i++) {
    // Registered next while they are behind their share of the arrivals so far.
    const takeKnown = k < registered.length && (f >= fresh.length || k < Math.round((i + 1) * s.knownFraction));
    all.push(takeKnown ? registered[k++] as string : fresh[f++] as string);
  }
  return { all, known: registered };
}

export async function measureConnectStorm(s: Scenario, target: Target, db: BenchDatabase | null): Promise<Figures> {
  const pool = new WorkerPool(s.workers);
  try {
    await pool.init(loadShape(s, target));
    const ids = stormIds(s);
    const before = await target.usage();
    const start = await mark(target, pool, db); // the window starts now
    const r = await pool.storm(ids.all, s.ratePerS);
    log(`${target.name}: ${r.connected} of ${ids.all.length} connected at ${s.ratePerS}/s, all booted ${(r.allBootedMs / 1000).toFixed(1)} s after the first`);
    await sleep(SETTLE_MS);
    const end = await mark(target, pool, db);
    const final = await pool.stop();
    const f = figuresOf(target.name, start, end, final.total);
    const storm = end.report.window;
    // Everything the storm sent was its connect phase: one set of rows (latency), not two.
    f.connectLatency = {};
    f.chargersConnected = r.connected;
    f.connectFailures = r.failed;
    f.connectSeconds = r.allBootedMs / 1000;
    f.connectStorm = {
      attempted: ids.all.length, known: ids.known.length, ratePerS: s.ratePerS, connected: r.connected,
      handshakeFailures: storm.handshakeFailures, handshake: summarise(storm.handshake),
      allBootedSeconds: r.allBootedMs / 1000, bootStatus: storm.bootStatus,
    };
    await settleStored(f, db);
    return withStart(f, before);
  } finally {
    pool.kill();
  }
}
