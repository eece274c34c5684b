// The live event stream. EventSource cannot send headers, so the token goes as ?access_token= (the API allows it
// for /api/events only). Every event is handed, its data parsed, to whichever views listen (live-bus.js): each
// view applies what concerns it in place. The names are those of shared/events.ts plus the stream's own resync
// (the stream could not replay what was missed: views reload). EventSource only delivers names it is told.
import { publishLive } from './live-bus.js';

export const LIVE_EVENTS = [
  'station.online', 'station.offline', 'station.booted', 'station.updated', 'command.result', 'connector.status',
  'session.started', 'session.updated', 'session.stopped', 'booking.changed', 'invoice.issued', 'invoice.paid',
  'invoice.voided', 'slot.changed', 'issue.changed', 'site.updated', 'security.event', 'resync',
];

/** Follows the event stream; returns the function that closes it.
 *  @param {string} accessToken @param {(state: 'live' | 'reconnecting' | 'off') => void} onState */
export function connectLive(accessToken, onState) {
  const source = new EventSource(`/api/events?access_token=${encodeURIComponent(accessToken)}`);
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () => onState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting'));
  for (const name of LIVE_EVENTS) {
    source.addEventListener(name, (/** @type {MessageEvent<string>} */ e) => {
      let data = null;
      try { data = e.data ? JSON.parse(e.data) : null; } catch { /* a bad frame carries nothing; the name still tells views to look */ }
      publishLive(name, data);
    });
  }
  return () => {
    source.close();
    onState('off');
  };
}
