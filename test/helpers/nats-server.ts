// A throwaway nats-server with JetStream for the cluster tests (STACK.md: `nats-server -a 127.0.0.1 -p PORT
// -js -sd TMPDIR`), on a free port and a directory of its own. It can be stopped and started again on the
// same port and store, as an operator's NATS restarts, or with its store lost (no `-sd` on a persistent disk):
// the cluster's stream is then gone. Null when the binary is not on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { freePort } from './central-system-process.js';
import { scratchDir } from './scratch-dir.js';

const CANDIDATES = [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

export function natsServerBinary(): string | null {
  return CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p!)) ?? null;
}

export class NatsServer {
  private child: ChildProcess | null = null;

  private constructor(private readonly bin: string, readonly port: number, private readonly dir: string) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<NatsServer> {
    const bin = natsServerBinary();
    if (!bin) throw new Error('nats-server is not installed (Debian package nats-server)');
    const server = new NatsServer(bin, await freePort(), scratchDir('nats'));
    await server.resume();
    return server;
  }

  /**
   * Starts it again after stop(), on the same port. By default with the same store: the stream's events are
   * still there. `{ store: 'lost' }`: with an empty one, as a server whose store was not on a persistent disk.
   */
  async resume(o: { store?: 'kept' | 'lost' } = {}): Promise<void> {
    if (this.child && this.child.exitCode === null) throw new Error('nats-server is running: stop() it first');
    if (o.store === 'lost') {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
    }
    const child = spawn(this.bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 15_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not start on ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
