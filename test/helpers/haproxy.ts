// HAProxy in front of test or bench nodes, run from the SHIPPED config/haproxy.cfg (issue 15, "One address"):
// the run copy changes only the front's bind line (a free loopback port) and the server lines (the nodes of
// this run), and adds a stats socket for the test to read the health checks; so a test through it proves the
// file an operator installs. Free of vitest: the bench uses it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort } from './central-system-process.js';
import { scratchDir } from './scratch-dir.js';

export const SHIPPED_CONFIG = 'config/haproxy.cfg';
const CANDIDATES = [process.env.HAPROXY_BIN, '/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'];

export function haproxyBinary(): string | null {
  return CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p!)) ?? null;
}

/** Why HAProxy tests cannot run here, or null (add it to clusterSkipReason()'s). */
export function haproxySkipReason(): string | null {
  return haproxyBinary() ? null : 'haproxy is not installed (Debian package haproxy)';
}

export interface Backend { name: string; address: string }

/** A server's line of HAProxy's `show stat`: its state and its last health check. */
export interface ServerState {
  name: string;
  /** UP, DOWN, or "UP 1/3" while failing checks count towards fall. */
  status: string;
  /** Checks failed while the server was up. */
  checksFailed: number;
  /** L7OK, L7STS, L7RSP, L4CON, ... */
  checkStatus: string;
  /** The HTTP status of the last check's answer, when it had one. */
  checkCode: number | null;
}

const ACTIVE_BIND = /^(\s*)bind\s+\S*:\d+\s*$/;
const SERVER = /^(\s*)server\s+\S+\s+\S+/;
// `user`, `group` and `chroot` need root; as anyone else HAProxy refuses them, so only then are they left out.
const ROOT_ONLY = /^\s*(user|group|chroot)\s/;

/**
 * The shipped config with its one plain `bind` line on `bindAddress` and its server lines replaced by `servers`
 * (at the place of the first). Throws when the shipped file no longer has exactly one plain bind line or any
 * server line, so a reshaped file fails here instead of running something else.
 */
export function runConfig(shipped: string, bindAddress: string, servers: Backend[], asRoot: boolean, statsSocket: string): string {
  const lines = shipped.split('\n');
  const binds = lines.filter((l) => ACTIVE_BIND.test(l));
  if (binds.length !== 1) throw new Error(`${SHIPPED_CONFIG}: expected one plain bind line, found ${binds.length}`);
  const firstServer = lines.findIndex((l) => SERVER.test(l));
  if (firstServer < 0) throw new Error(`${SHIPPED_CONFIG}: no server line`);
  const indent = SERVER.exec(lines[firstServer]!)?.[1] ?? '    ';
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (/^global\s*$/.test(line)) out.push(line, `    stats socket ${statsSocket} level operator`);
    else if (ACTIVE_BIND.test(line)) out.push(line.replace(/bind\s+\S+/, `bind ${bindAddress}`));
    else if (i === firstServer) out.push(...servers.map((s) => `${indent}server ${s.name} ${s.address}`));
    else if (SERVER.test(line)) return;
    else if (!asRoot && ROOT_ONLY.test(line)) return;
    else out.push(line);
  });
  return out.join('\n');
}

/** A running HAProxy on a loopback port of its own, in the foreground (-db), stopped by stop(). */
export class HaproxyFront {
  readonly output: string[] = [];

  private constructor(private readonly child: ChildProcess, readonly port: number, private readonly dir: string) {
    const keep = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  get url(): string { return `http://127.0.0.1:${this.port}`; }
  get pid(): number { return this.child.pid as number; }
  get ocppUrl(): string { return `ws://127.0.0.1:${this.port}/ocpp`; }

  /** Checks the run copy (haproxy -c), starts it, and waits until its front accepts connections. */
  static async start(servers: Backend[], o: { port?: number; shipped?: string } = {}): Promise<HaproxyFront> {
    const bin = haproxyBinary();
    if (!bin) throw new Error(haproxySkipReason() ?? 'no haproxy');
    const port = o.port ?? await freePort();
    const dir = scratchDir('haproxy');
    const file = join(dir, 'haproxy.cfg');
    const config = runConfig(readFileSync(o.shipped ?? SHIPPED_CONFIG, 'utf8'), `127.0.0.1:${port}`, servers,
      process.getuid?.() === 0, join(process.cwd(), dir, 'stats.sock'));
    writeFileSync(file, config);
    const args = [...maxconnWithinFdLimit(config), '-f', file];
    try {
      const check = spawn(bin, ['-c', '-q', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      const refusal: string[] = [];
      check.stderr!.on('data', (c: Buffer) => refusal.push(c.toString()));
      const [code] = (await once(check, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`haproxy -c refused the run copy of ${SHIPPED_CONFIG}: ${refusal.join('')}`);
      const front = new HaproxyFront(spawn(bin, ['-db', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }), port, dir);
      await front.waitAccepting();
      return front;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The backend's servers as HAProxy sees them now (`show stat` on the run copy's stats socket). */
  async servers(): Promise<ServerState[]> {
    const csv = await ask(join(this.dir, 'stats.sock'), 'show stat\n');
    const [header, ...rows] = csv.trim().split('\n');
    const names = header!.replace(/^#\s*/, '').split(',');
    return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], v])) as Record<string, string>)
      .filter((f) => f.svname !== 'FRONTEND' && f.svname !== 'BACKEND')
      .map((f) => ({
        name: f.svname!, status: f.status!, checksFailed: Number(f.chkfail), checkStatus: f.check_status!,
        checkCode: f.check_code ? Number(f.check_code) : null,
      }));
  }

  private async waitAccepting(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await accepts(this.port))) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        this.child.kill('SIGKILL');
        throw new Error(`haproxy did not listen on ${this.port}: ${this.output.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * `-n N` (HAProxy's command-line override of the global maxconn) when this machine's hard open-files limit is
 * below what the file's maxconn needs: about two descriptors per proxied connection. HAProxy started as root
 * raises its own limit, but only up to the hard one (a container without CAP_SYS_RESOURCE keeps it, e.g.
 * 20,000 here), and refuses to start otherwise. The file itself stays as shipped.
 */
export function maxconnWithinFdLimit(config: string): string[] {
  const wanted = Number(/^\s*maxconn\s+(\d+)/m.exec(config)?.[1] ?? 0);
  const fit = Math.floor((hardOpenFilesLimit() - 200) / 2);
  return wanted > fit ? ['-n', String(fit)] : [];
}

/** The hard RLIMIT_NOFILE of this process (its children inherit it), from /proc; unlimited elsewhere. */
export function hardOpenFilesLimit(): number {
  try {
    const line = /^Max open files\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return line === undefined || line === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(line);
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** One command on HAProxy's stats socket, its whole answer (HAProxy closes after answering). */
function ask(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('end', () => resolve(Buffer.concat(chunks).toString()));
    s.once('connect', () => s.write(command));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
