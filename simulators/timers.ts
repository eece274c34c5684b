// Every timer of one simulated charger goes through one Timers instance, so close() can clear them all at once
// and a test process that closed its chargers exits on its own.

export interface TimerHandle {
  cancel(): void;
}

// Node fires a setTimeout at once when the delay exceeds 2^31-1 ms (about 24.8 days), so longer waits (a
// reservation that expires next month) are re-armed in steps.
const MAX_TIMER_DELAY_MS = 2_147_483_647;
const INERT: TimerHandle = { cancel: () => {} };

export class Timers {
  private readonly live = new Set<NodeJS.Timeout>();
  // After dispose() nothing is scheduled any more: a follow-up still in flight when the charger closed must
  // not start a timer that keeps the process alive.
  private disposed = false;

  after(delayMs: number, fn: () => void): TimerHandle {
    if (this.disposed) return INERT;
    let current: NodeJS.Timeout | undefined;
    const arm = (remainingMs: number): void => {
      const stepMs = Math.min(Math.max(0, remainingMs), MAX_TIMER_DELAY_MS);
      const timer = setTimeout(() => {
        this.live.delete(timer);
        if (remainingMs > MAX_TIMER_DELAY_MS) arm(remainingMs - MAX_TIMER_DELAY_MS);
        else fn();
      }, stepMs);
      current = timer;
      this.live.add(timer);
    };
    arm(delayMs);
    return { cancel: () => this.clear(current) };
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    if (this.disposed) return INERT;
    const timer = setInterval(fn, Math.min(Math.max(1, periodMs), MAX_TIMER_DELAY_MS));
    this.live.add(timer);
    return { cancel: () => this.clear(timer) };
  }

  /** Resolves after delayMs; never resolves if dispose() runs first, which is what a closed charger wants. */
  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.after(delayMs, resolve));
  }

  /** Clears every timer and refuses new ones. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.live) clearTimeout(timer); // clearTimeout also clears intervals
    this.live.clear();
  }

  private clear(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.live.delete(timer);
  }
}
