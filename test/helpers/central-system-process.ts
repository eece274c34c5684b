// The central system as a real process (`npm start`'s entry point), for tests that stop or kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

/** SHUTDOWN_GRACE_S (10 s by default) for the handlers in flight, and room for a loaded 2-core machine. */
const KILL_AFTER_MS = 30_000;

export class CentralSystemProcess {
  /** Each stdout line parsed as JSON; a line that is not JSON (LOG_FORMAT=pretty) as { msg: line }. */
  readonly lines: Array<Record<string, unknown>> = [];
  /** Each stdout line as printed, for tests that read the console as an operator does. */
  readonly text: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        this.text.push(line);
        try { this.lines.push(JSON.parse(line) as Record<string, unknown>); } catch { this.lines.push({ msg: line }); }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => this.lines.push({ stderr: chunk.toString() }));
    // 'close', not 'exit': by then stdout has been read to its end, so a test that stopped the process sees
    // every line it printed (and a forked worker still holding the pipe has ended too).
    this.exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  /** Starts `src/main.ts` with the given environment (and arguments) and waits until it listens. */
  static async start(env: Record<string, string>, timeoutMs = 60_000, args: string[] = []): Promise<CentralSystemProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: 'info', API_CHECK_RESPONSES: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cs = new CentralSystemProcess(child);
    const deadline = Date.now() + timeoutMs;
    while (!cs.text.some((line) => line.includes('ChargeSync central system listening'))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`central system did not start: ${JSON.stringify(cs.lines.slice(-5))}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return cs;
  }

  /**
   * Sends the signal and waits for the process to end, with a limit: still running after KILL_AFTER_MS, it gets
   * SIGKILL (and the answer says so), so a hung shutdown fails its test instead of hanging the run.
   */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }
}
