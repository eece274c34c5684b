// The driver's live stream (GET /api/driver/events): their own sessions, bookings and invoices, and every
// connector's availability. EventSource cannot send headers, so the token goes as ?access_token=. Each event,
// its data parsed, goes to whichever views listen (the console's live-bus.js, one per page).
import { publishLive } from '../../js/live-bus.js';

const DRIVER_EVENTS = [
  'session.started', 'session.updated', 'session.stopped', 'booking.changed',
  'invoice.issued', 'invoice.paid', 'invoice.voided', 'slot.changed', 'connector.status', 'resync',
];

/** Follows the driver's stream; returns what closes it.
 *  @param {string} token @param {(state: 'live' | 'reconnecting' | 'off') => void} onState */
export function connectDriverLive(token, onState) {
  const source = new EventSource(`/api/driver/events?access_token=${encodeURIComponent(token)}`);
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () => onState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting'));
  for (const name of DRIVER_EVENTS) {
    source.addEventListener(name, (/** @type {MessageEvent<string>} */ e) => {
      let data = null;
      try { data = e.data ? JSON.parse(e.data) : null; } catch { /* the name alone still tells views to look */ }
      publishLive(name, data);
    });
  }
  return () => {
    source.close();
    onState('off');
  };
}
