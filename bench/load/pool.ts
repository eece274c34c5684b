// The load generator's worker processes, as one: orders go to every worker, answers are merged.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mergeStats, type WorkerStats } from '../stats.js';
import type { FromWorker, LoadShape, ToWorker } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export interface LoadReport { total: WorkerStats; window: WorkerStats; online: number; queued: number }

export class WorkerPool {
  private readonly workers: ChildProcess[];

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
  }

  get size(): number { return this.workers.length; }

  async init(shape: LoadShape): Promise<void> {
    await this.all({ type: 'init', shape }, 'ready');
  }

  /** Spreads the chargers over the workers; resolves when each has connected, booted and started its sessions. */
  async add(ids: string[]): Promise<{ connected: number; failed: number }> {
    const replies = await Promise.all(this.workers.map((w, i) =>
      this.ask(w, { type: 'add', ids: ids.filter((_, j) => j % this.workers.length === i) }, 'added')));
    return { connected: sum(replies, (r) => r.connected), failed: sum(replies, (r) => r.failed) };
  }

  /** connect-storm: every worker connects its share of the ids at its share of the rate, at once. */
  async storm(ids: string[], ratePerS: number): Promise<{ connected: number; failed: number; allBootedMs: number; failedIds: string[] }> {
    const n = this.workers.length;
    const replies = await Promise.all(this.workers.map((w, i) =>
      this.ask(w, { type: 'storm', ids: ids.filter((_, j) => j % n === i), ratePerS: ratePerS / n }, 'stormed')));
    return {
      connected: sum(replies, (r) => r.connected), failed: sum(replies, (r) => r.failed),
      allBootedMs: Math.max(...replies.map((r) => r.allBootedMs)), failedIds: replies.flatMap((r) => r.failedIds),
    };
  }

  /** Totals since start, and the window since the last report (which this starts anew). */
  async report(): Promise<LoadReport> {
    const replies = await this.all({ type: 'report' }, 'report');
    return {
      total: mergeStats(replies.map((r) => r.total)), window: mergeStats(replies.map((r) => r.window)),
      online: sum(replies, (r) => r.online), queued: sum(replies, (r) => r.queued),
    };
  }

  /** Messages queued or in flight in every charger, without starting a new report window. */
  async backlog(): Promise<number> {
    return sum(await this.all({ type: 'backlog' }, 'backlog'), (r) => r.queued);
  }

  async drop(): Promise<void> { await this.all({ type: 'drop' }, 'dropped'); }

  async reconnect(): Promise<{ reconnected: number; failed: number; drainedMs: number }> {
    const replies = await this.all({ type: 'reconnect' }, 'reconnected');
    return { reconnected: sum(replies, (r) => r.reconnected), failed: sum(replies, (r) => r.failed), drainedMs: Math.max(...replies.map((r) => r.drainedMs)) };
  }

  /** Stops the sessions (StopTransaction), closes the sockets; the final totals. */
  async stop(): Promise<LoadReport> {
    const reports: Array<Reply<'report'>> = [];
    await Promise.all(this.workers.map(async (w) => {
      const got = new Promise<void>((resolve) => {
        const on = (m: FromWorker) => {
          if (m.type === 'report') reports.push(m);
          if (m.type === 'stopped') { w.off('message', on); resolve(); }
        };
        w.on('message', on);
      });
      w.send({ type: 'stop' } satisfies ToWorker);
      await got;
    }));
    return {
      total: mergeStats(reports.map((r) => r.total)), window: mergeStats(reports.map((r) => r.window)),
      online: 0, queued: sum(reports, (r) => r.queued),
    };
  }

  kill(): void { for (const w of this.workers) w.kill('SIGKILL'); }

  private all<T extends FromWorker['type']>(order: ToWorker, answer: T): Promise<Array<Reply<T>>> {
    return Promise.all(this.workers.map((w) => this.ask(w, order, answer)));
  }

  private ask<T extends FromWorker['type']>(w: ChildProcess, order: ToWorker, answer: T): Promise<Reply<T>> {
    return new Promise((resolve) => {
      const on = (m: FromWorker) => {
        if (m.type !== answer) return;
        w.off('message', on);
        resolve(m as Reply<T>);
      };
      w.on('message', on);
      w.send(order);
    });
  }
}

const sum = <T>(xs: T[], f: (x: T) => number): number => xs.reduce((n, x) => n + f(x), 0);
