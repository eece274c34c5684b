// A server under load, as a child process: the central system (src/main.ts) or the bare ocpp-rpc server.
// Its CPU and memory are read from /proc, so the figures are the kernel's, not the process's own view.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLOCK_TICKS_PER_S = 100; // Linux USER_HZ

export interface Usage { cpuMs: number; rssBytes: number; peakRssBytes: number }

export interface Target {
  name: string;
  port: number;
  pid: number;
  usage(): Promise<Usage>;
  stop(): Promise<void>;
}

export const CENTRAL_SYSTEM = 'src/main.ts';

/** The node flags of package.json's `start` script (`tsx --flag … src/main.ts`): what an operator's node runs with. */
async function startScriptFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(' ').filter((word) => word.startsWith('--'));
}

export async function startTarget(name: string, entry: string, port: number, env: Record<string, string>): Promise<Target> {
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the server into dir when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // The central system runs with the node flags `npm start` gives it; BENCH_NODE_ARGS="--flag ..." adds flags to
  // every server started (the bare one too), to try a setting of the runtime.
  const nodeArgs = [
    ...(entry === CENTRAL_SYSTEM ? await startScriptFlags() : []), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, '--import', 'tsx', entry], {
    cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(child, port);
  const pid = child.pid as number;
  return {
    name, port, pid,
    usage: () => usageOf(pid),
    stop: () => stopChild(child),
  };
}

async function waitForHealth(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not answer /health within 60 s');
}

export async function usageOf(pid: number): Promise<Usage> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ') '; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_S, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** SIGTERM, then SIGKILL if it has not exited within 15 s; resolves once it exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}
