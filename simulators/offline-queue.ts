// The transaction message queue (OCPP 1.6 section 4.7 and ../shared/OCPP.md): StartTransaction, the MeterValues
// of a transaction and StopTransaction always go through here, online or not, so they reach the central system
// in the order they happened, one at a time, with the timestamps they were taken at. A payload is built only
// when it is sent, so a message queued behind an offline StartTransaction carries the transactionId the central
// system assigns when that StartTransaction is finally delivered.
import type { Inbound } from '../src/ocpp/wire/index.js';

export type TxAction = 'StartTransaction' | 'MeterValues' | 'StopTransaction';
type Req<A extends TxAction> = Inbound[A]['req'];
type Conf<A extends TxAction> = Inbound[A]['conf'];

/** A transaction as the charger knows it: its id stays null until the central system has answered its start. */
export interface TxRef {
  transactionId: number | null;
}

export interface QueueDeps {
  send<A extends TxAction>(action: A, payload: Req<A>): Promise<Conf<A>>;
  /** Online, with a BootNotification accepted on this connection. */
  canSend(): boolean;
  maxAttempts(): number;
  log(line: string): void;
}

interface Entry {
  readonly action: TxAction;
  attempts: number;
  /** Sends the message; false when it can no longer be built (its transaction never got an id). */
  send(): Promise<boolean>;
  /** Lets whoever awaits this message go on without the answer (we are offline; it stays queued). */
  release(): void;
}

export class TransactionQueue {
  private readonly entries: Entry[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly deps: QueueDeps) {}

  get length(): number {
    return this.entries.length;
  }

  /**
   * Queues a message and resolves with the central system's answer once it is delivered, or with null at once
   * when it cannot be delivered now (offline, or the connection drops before the answer): it then stays queued
   * and onConf still runs when it is delivered later.
   */
  push<A extends TxAction>(
    action: A, build: () => Req<A> | null, onConf?: (conf: Conf<A>) => void,
  ): Promise<Conf<A> | null> {
    return new Promise((resolve) => {
      let waiting = true;
      const settle = (conf: Conf<A> | null): void => {
        if (!waiting) return;
        waiting = false;
        resolve(conf);
      };
      this.entries.push({
        action,
        attempts: 0,
        send: async () => {
          const payload = build();
          if (payload === null) return false;
          const conf = await this.deps.send(action, payload);
          this.runOnConf(action, () => onConf?.(conf));
          settle(conf);
          return true;
        },
        release: () => settle(null),
      });
      if (this.deps.canSend()) void this.drain();
      else settle(null);
    });
  }

  /** Sends everything queued, in order; resolves when the queue is empty or we are offline again. */
  async drain(): Promise<void> {
    while (this.entries.length > 0 && this.deps.canSend()) {
      this.running ??= this.sendAll().finally(() => {
        this.running = null;
      });
      await this.running;
    }
  }

  /** Called when the connection drops: nobody should wait for an answer that cannot come before a reconnect. */
  releaseWaiters(): void {
    for (const entry of this.entries) entry.release();
  }

  private async sendAll(): Promise<void> {
    for (let entry = this.entries[0]; entry && this.deps.canSend(); entry = this.entries[0]) {
      const outcome = await this.sendOne(entry);
      if (outcome === 'offline') return;
      if (outcome === 'retry') continue;
      this.entries.shift();
      entry.release();
    }
  }

  private async sendOne(entry: Entry): Promise<'done' | 'retry' | 'offline'> {
    try {
      if (!(await entry.send())) this.deps.log(`dropped a queued ${entry.action}: its transaction never got an id`);
      return 'done';
    } catch (err) {
      // A dropped connection is not the message's fault: keep it at the head and resend it after the reconnect.
      // Only a CALLERROR or a timeout on a live connection counts as an attempt.
      if (!this.deps.canSend()) return 'offline';
      entry.attempts += 1;
      const attempts = Math.max(1, this.deps.maxAttempts());
      this.deps.log(`${entry.action} failed (attempt ${entry.attempts}/${attempts}): ${describe(err)}`);
      // TransactionMessageAttempts (OCPP 1.6 section 9.1): give up on a message the central system keeps refusing.
      return entry.attempts >= attempts ? 'done' : 'retry';
    }
  }

  private runOnConf(action: TxAction, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log(`handling the ${action} answer failed: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
