// Preloaded into a server under measurement (bench/memory-per-connection.ts: `--import ./bench/memory-probe.ts`):
// on SIGUSR2 it collects garbage (the server runs with --expose-gc), then writes process.memoryUsage() and
// /proc/self/smaps_rollup to MEMORY_PROBE_DIR/probe-<n>.json (and the full smaps beside it), and, when MEMORY_PROBE_SNAPSHOT is set, a heap
// snapshot beside it. Nothing of the server's own code knows of it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const dir = process.env.MEMORY_PROBE_DIR;
let taken = 0;

function smapsRollupKb(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1] as string] = Number(m[2]);
  }
  return out;
}

if (dir) {
  process.on('SIGUSR2', () => {
    const n = taken++;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const snapshot = process.env.MEMORY_PROBE_SNAPSHOT ? writeHeapSnapshot(join(dir, `probe-${n}.heapsnapshot`)) : null;
    const probe = { memoryUsage: process.memoryUsage(), smapsRollupKb: smapsRollupKb(), snapshot };
    writeFileSync(join(dir, `probe-${n}.smaps`), readFileSync('/proc/self/smaps', 'utf8'));
    writeFileSync(join(dir, `probe-${n}.json`), JSON.stringify(probe));
  });
}
