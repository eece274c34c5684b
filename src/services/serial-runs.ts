// Runs of one job per key (a site), one at a time, coalesced: a request while the key's run is under way asks for
// ONE more run after it, whatever the number of requests, and that run carries the first waiting request's reason.
// A run always starts after the request that asked for it, so it reads what that request changed.

interface Waiting<T> { reason: T; done: Promise<void>; resolve: () => void }
interface Slot<T> { next: Waiting<T> | null; idle: Promise<void>; markIdle: () => void }

function waiting<T>(reason: T): Waiting<T> {
  let resolve!: () => void;
  const done = new Promise<void>((r) => { resolve = r; });
  return { reason, done, resolve };
}

export class SerialRuns<K, T> {
  private readonly slots = new Map<K, Slot<T>>();

  /** run must not throw: it logs its own failures. */
  constructor(private readonly run: (key: K, reason: T) => Promise<void>) {}

  /** Resolves when a run that started after this request has finished. */
  request(key: K, reason: T): Promise<void> {
    const slot = this.slots.get(key);
    if (slot) {
      slot.next ??= waiting(reason);
      return slot.next.done;
    }
    let markIdle!: () => void;
    const idle = new Promise<void>((r) => { markIdle = r; });
    const fresh: Slot<T> = { next: null, idle, markIdle };
    this.slots.set(key, fresh);
    const first = waiting(reason);
    void this.loop(key, fresh, first);
    return first.done;
  }

  /** Resolves when no run is under way or waiting. */
  async settled(): Promise<void> {
    while (this.slots.size > 0) await Promise.all([...this.slots.values()].map((s) => s.idle));
  }

  private async loop(key: K, slot: Slot<T>, first: Waiting<T>): Promise<void> {
    let current: Waiting<T> | null = first;
    while (current) {
      await this.run(key, current.reason).catch(() => undefined);
      current.resolve();
      current = slot.next;
      slot.next = null;
    }
    this.slots.delete(key);
    slot.markIdle();
  }
}
