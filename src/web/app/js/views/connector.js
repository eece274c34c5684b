// One connector, as a scanned QR code opens it (/app/c/{code} → #/c/{code}): its station, whether it is free,
// Start charging (a remote start with the driver's app tag; the answer comes once the charger has started) and
// a booking form. Its availability follows slot.changed live.
import { el, replace } from '../../../js/dom.js';
import { markLoaded, navigate } from '../../../js/router.js';
import { onLive } from '../../../js/live-bus.js';
import { driverApi, failureText } from '../driver-api.js';
import { availability, localInput, when } from '../format.js';
import { say } from '../message.js';

const DURATIONS_MIN = [30, 60, 90, 120, 180];

/** The booking form: from when, for how long; the answer is the booking (or why not, e.g. the time is taken).
 *  @param {number} slotId */
function bookingForm(slotId) {
  const start = new Date(Date.now() + 15 * 60_000);
  start.setMinutes(Math.ceil(start.getMinutes() / 15) * 15, 0, 0);
  const startsAt = el('input', { type: 'datetime-local', name: 'startsAt', required: true, value: localInput(start), 'data-testid': 'booking-start' });
  const minutes = el('select', { name: 'minutes', 'data-testid': 'booking-minutes' },
    DURATIONS_MIN.map((m) => el('option', { value: m, selected: m === 60 }, m < 60 ? `${m} min` : `${m / 60} h`)));
  const outcome = el('p', { 'data-testid': 'booking-outcome', role: 'status' });
  const form = el('form', { class: 'card', 'data-testid': 'booking-form' },
    el('h2', {}, 'Book this connector'),
    el('label', {}, 'From ', startsAt), el('label', {}, 'For ', minutes),
    el('button', { type: 'submit', 'data-testid': 'booking-submit' }, 'Book'), outcome);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = new Date(startsAt.value);
    const to = new Date(from.getTime() + Number(minutes.value) * 60_000);
    driverApi.post('/bookings', { slotId, startsAt: from.toISOString(), endsAt: to.toISOString() }).then(
      (b) => { outcome.className = 'ok'; replace(outcome, `Booked: ${b.code}, ${when(b.startsAt)} – ${when(b.endsAt)}`); },
      (err) => { outcome.className = 'error'; replace(outcome, failureText(err)); });
  });
  return form;
}

export const connectorView = {
  name: 'connector', nav: 'stations', path: /^\/c\/([^/]+)$/, title: 'Connector',
  /** @param {HTMLElement} root @param {import('../../../js/router.js').Route} route */
  async render(root, route) {
    const code = decodeURIComponent(route.params[0] ?? '');
    let c;
    try {
      c = await driverApi.get(`/connectors/${encodeURIComponent(code)}`);
    } catch (err) {
      root.append(el('h1', {}, code), el('p', { class: 'error', 'data-testid': 'connector-error' }, failureText(err)));
      return;
    }
    const chip = el('span', { class: `chip ${c.slotStatus}`, 'data-testid': 'availability' }, availability(c.slotStatus));
    const start = el('button', { type: 'button', class: 'primary big', 'data-testid': 'start-charging' }, 'Start charging');
    start.addEventListener('click', () => {
      start.disabled = true;
      replace(start, 'Waiting for the charger…');
      driverApi.post('/charging', { connectorCode: c.connectorCode }).then(
        (r) => navigate(`#/sessions/${r.sessionId}`),
        (err) => { say(failureText(err), 'error'); start.disabled = false; replace(start, 'Start charging'); });
    });
    root.append(
      el('h1', {}, c.station.name ?? c.station.chargeBoxId),
      el('p', { class: 'muted' }, `Connector ${c.connectorId} · ${c.connectorCode}`, c.station.location ? ` · ${c.station.location}` : ''),
      el('p', {}, chip, c.station.online ? null : el('span', { class: 'chip inactive' }, 'charger offline')),
      el('p', { class: 'small muted', 'data-testid': 'connector-status' }, `Charger reports: ${c.status}`),
      start, bookingForm(c.slotId));
    markLoaded(root);
    return onLive((name, data) => {
      const d = /** @type {any} */ (data);
      if (name === 'slot.changed' && d?.slotId === c.slotId) { chip.textContent = availability(d.status); chip.className = `chip ${d.status}`; }
    });
  },
};
