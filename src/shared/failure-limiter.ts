// Failed logins per key (a remote address): reaching `limit` failures within `windowMs` blocks the key for
// `blockMs`. Pure apart from the injected clock, so tests move time by hand. A success resets nothing: someone
// holding one valid credential must not be able to wipe the count of their wrong guesses, nor anyone else's.
import type { Clock } from './clock.js';

export interface FailureLimits {
  limit: number;
  windowMs: number;
  blockMs: number;
}

interface Entry {
  failuresMs: number[]; // within the window, oldest first; never longer than `limit`
  lastFailureMs: number;
  blockedUntilMs: number;
}

// Bounds the memory a crowd of addresses can take; past it the least recently failed are forgotten first.
const DEFAULT_MAX_KEYS = 10_000;

export class FailureLimiter {
  // Map order is least recently failed first (an entry is re-inserted on each failure), so eviction and
  // pruning only ever look at the front.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: FailureLimits, private readonly clock: Clock, private readonly maxKeys = DEFAULT_MAX_KEYS) {}

  /** How long this key stays refused; 0 when it is not blocked. */
  blockedForMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.blockedUntilMs - this.nowMs()) : 0;
  }

  /** Records a failure; true when it is the one that starts a block. */
  fail(key: string): boolean {
    const now = this.nowMs();
    const entry = this.entries.get(key) ?? { failuresMs: [], lastFailureMs: now, blockedUntilMs: 0 };
    this.entries.delete(key);
    entry.lastFailureMs = now;
    // Refused before they get this far, so a failure while blocked is a race: it neither counts nor extends.
    const blocking = entry.blockedUntilMs <= now && this.count(entry, now) >= this.limits.limit;
    if (blocking) {
      entry.blockedUntilMs = now + this.limits.blockMs;
      entry.failuresMs = [];
    }
    this.entries.set(key, entry);
    this.prune(now);
    return blocking;
  }

  /** Keys remembered now (for tests of the memory bound). */
  get size(): number {
    return this.entries.size;
  }

  private count(entry: Entry, now: number): number {
    entry.failuresMs = entry.failuresMs.filter((t) => t > now - this.limits.windowMs);
    entry.failuresMs.push(now);
    return entry.failuresMs.length;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      const stale = entry.lastFailureMs <= now - this.limits.windowMs && entry.blockedUntilMs <= now;
      if (!stale && this.entries.size <= this.maxKeys) return;
      this.entries.delete(key);
    }
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}
