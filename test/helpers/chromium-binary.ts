// Which Chromium the dashboard tests drive: CHROMIUM_PATH when set, else the one @sparticuz/chromium ships
// inside the npm package (STACK.md), so a bare machine needs nothing but `npm install`. Resolved once per test
// run, in the global setup: the package decompresses its binary into the temp folder on the first call and
// returns early whenever that file exists, so several workers calling it at once could launch a half-written
// file. A lock keeps two test runs on one machine from doing the same.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import chromium from '@sparticuz/chromium';

const LOCK_DIR = join(tmpdir(), 'chargesync-chromium.lock');
/** A lock older than this was left by a run that died while decompressing (it takes ~3 s). */
const STALE_LOCK_MS = 120_000;

export async function resolveChromiumPath(): Promise<string> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (await runs(override)) return override;
    throw new Error(`CHROMIUM_PATH=${override} does not run (\`${override} --version\` failed)`);
  }
  await acquireLock();
  try {
    const path = await chromium.executablePath();
    if (await runs(path)) return path;
    // A run killed mid-decompression leaves a truncated binary, which the package would return forever.
    rmSync(path, { force: true });
    const again = await chromium.executablePath();
    if (await runs(again)) return again;
    throw new Error(`the Chromium of @sparticuz/chromium at ${again} does not run; set CHROMIUM_PATH to another Chromium`);
  } finally {
    rmdirSync(LOCK_DIR);
  }
}

async function runs(path: string): Promise<boolean> {
  try {
    await promisify(execFile)(path, ['--version'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR); // atomic: exactly one process creates it
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockAgeMs() > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lockAgeMs(): number {
  try {
    return Date.now() - statSync(LOCK_DIR).mtimeMs;
  } catch {
    return 0; // released meanwhile
  }
}
