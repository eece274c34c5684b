// The live event stream. EventSource cannot send headers, so the token goes as ?access_token= (the API allows it
// for /api/events only). session.updated is applied in place; anything that changes the picture refetches, debounced.

const REFETCH_ON = ['station.online', 'station.offline', 'station.booted', 'station.updated', 'connector.status', 'session.started', 'session.stopped',
  'issue.changed', 'slot.changed', 'booking.changed', 'security.event', 'site.updated', 'resync'];
const DEBOUNCE_MS = 250;

/**
 * @typedef {object} LiveHandlers
 * @property {(update: import('./types.js').SessionUpdate) => void} onSessionUpdated
 * @property {(eventName: string) => void} onChange
 * @property {(state: 'live' | 'reconnecting' | 'off') => void} onState
 */

/** Follows the event stream; returns the function that closes it. @param {string} accessToken @param {LiveHandlers} handlers */
export function connectLive(accessToken, { onSessionUpdated, onChange, onState }) {
  const source = new EventSource(`/api/events?access_token=${encodeURIComponent(accessToken)}`);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer = undefined;
  const later = (/** @type {string} */ name) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(name), DEBOUNCE_MS);
  };
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () => onState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting'));
  source.addEventListener('session.updated', (/** @type {MessageEvent<string>} */ e) => {
    try { onSessionUpdated(JSON.parse(e.data)); } catch { /* a bad frame is skipped, the next refetch heals */ }
  });
  for (const name of REFETCH_ON) source.addEventListener(name, () => later(name));
  return () => {
    clearTimeout(timer);
    source.close();
    onState('off');
  };
}
