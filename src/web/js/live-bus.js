// Every event of the stream, to whichever views listen: a view subscribes when shown and unsubscribes when left,
// and updates its rows in place rather than reloading the page.

/** @typedef {(name: string, data: unknown) => void} LiveListener */

/** @type {Set<LiveListener>} */
const listeners = new Set();

/** @param {LiveListener} listener @returns {() => void} what unsubscribes it */
export function onLive(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by the stream (live.js) for each event, its data parsed (null when it had none or did not parse).
 *  @param {string} name @param {unknown} data */
export function publishLive(name, data) {
  for (const l of listeners) {
    try { l(name, data); } catch (err) { console.error(err); }
  }
}
