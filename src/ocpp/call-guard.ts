// One connection's inbound CALLs, handled one at a time in arrival order, each message id at most once.
//
// One at a time: OCPP-J 1.6 §4.1.1 lets a charger have one CALL outstanding; handling them serially per
// connection means a charger that floods us holds at most one handler (one database transaction) at a time, so
// it cannot starve the others. A few queued calls are tolerated (real chargers send a burst of
// StatusNotifications after boot); past `maxQueuedCalls` the call is refused and the caller closes the
// connection (connection-limits.ts says why closing, not a CALLERROR).
//
// At most once: a CALL's message id is unique per sender and connection (OCPP-J 1.6 §4.1.3), so a repeat is
// a retransmission of a CALL we have or will have answered on this very connection. It is dropped: the answer
// to the first reaches the charger on the same socket and carries the same id, so the charger gets exactly
// one answer for it, and the handler runs once. Ids are remembered while queued or running, and the last
// `rememberedIds` after their answer.
import { createHash } from 'node:crypto';
import { setImmediate as afterIo } from 'node:timers/promises';

export interface CallGuardLimits {
  maxQueuedCalls: number;
  rememberedIds: number;
}

export type Admission = 'accepted' | 'duplicate' | 'overflow' | 'stopped';

// OCPP caps message ids at 36 characters; a longer one (a hostile charger's 200 kB id) is remembered by its
// digest, so the memory per connection stays bounded whatever the ids.
const MAX_KEPT_ID_LENGTH = 64;

export class CallGuard {
  private readonly queue: Array<{ key: string; run: () => Promise<void> }> = [];
  private readonly inFlight = new Set<string>(); // queued or running
  private readonly answered = new Set<string>(); // insertion order: oldest first
  private running = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly limits: CallGuardLimits) {}

  /** Queues `run` (the handling and answer of one CALL) unless it is a repeat, too many or too late. */
  admit(messageId: string, run: () => Promise<void>): Admission {
    if (this.stopped) return 'stopped';
    const key = idKey(messageId);
    if (this.inFlight.has(key) || this.answered.has(key)) return 'duplicate';
    if (this.queue.length >= this.limits.maxQueuedCalls) return 'overflow';
    this.inFlight.add(key);
    this.queue.push({ key, run });
    void this.drain();
    return 'accepted';
  }

  /** Admits nothing more; what is queued still runs. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      try {
        await next.run();
      } catch {
        // run() is ocpp-rpc's own call handling, which answers every failure itself and never throws
        // (rpc-adapter.ts gateInboundCalls; pinned by ocpp-rpc-contract.test.ts).
      }
      this.inFlight.delete(next.key);
      this.remember(next.key);
      // Let other sockets' frames in before the next call of this one: the embedded database runs on this
      // thread and its promises resolve as microtasks, so back-to-back calls would otherwise hold the event
      // loop until this queue is empty, and every other charger with it.
      await afterIo();
    }
    this.running = false;
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private remember(key: string): void {
    this.answered.add(key);
    for (const oldest of this.answered) {
      if (this.answered.size <= this.limits.rememberedIds) break;
      this.answered.delete(oldest);
    }
  }
}

function idKey(messageId: string): string {
  return messageId.length <= MAX_KEPT_ID_LENGTH ? messageId : `#${createHash('sha256').update(messageId).digest('base64')}`;
}
