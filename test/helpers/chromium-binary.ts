// Which Chromium the dashboard tests drive: CHROMIUM_PATH when set, else the one @sparticuz/chromium ships
// inside the npm package (STACK.md), so a bare machine needs nothing but `npm install`. Resolved once per test
// run, in the global setup: the package decompresses its binary into the temp folder on the first call and
// returns early whenever that file exists, so several workers calling it at once could launch a half-written
// file. A lock keeps two test runs on one machine from doing the same.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import chromium from '@sparticuz/chromium';

const LOCK_DIR = join(tmpdir(), 'chargesync-chromium.lock');
const LOCK_OWNER = join(LOCK_DIR, 'pid');
/** A lock older than this was left behind (decompressing takes ~3 s), even if its pid was reused since. */
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
    rmSync(LOCK_DIR, { recursive: true, force: true });
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
      writeFileSync(LOCK_OWNER, String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockAgeMs() > STALE_LOCK_MS || ownerIsGone()) rmSync(LOCK_DIR, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The run that holds the lock died (killed while decompressing, say). */
function ownerIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(LOCK_OWNER, 'utf8'));
  } catch {
    return false; // released, or its owner has not written its pid yet
  }
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockAgeMs(): number {
  try {
    return Date.now() - statSync(LOCK_DIR).mtimeMs;
  } catch {
    return 0; // released meanwhile
  }
}
