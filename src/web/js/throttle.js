// At most one run per window: the first poke runs at once (after the current task), the rest of the window's pokes
// run once at its end. For re-reads that follow a busy event stream (a hundred chargers reporting never make a storm).

/** @param {() => unknown} run @param {number} windowMs */
export function throttled(run, windowMs) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  let last = 0;
  return {
    poke() {
      if (timer) return;
      timer = setTimeout(() => { timer = null; last = Date.now(); void run(); }, Math.max(0, last + windowMs - Date.now()));
    },
    /** The view was left: nothing more runs. */
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
