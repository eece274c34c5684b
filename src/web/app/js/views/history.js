// What the driver has done: sessions (the running one first, as the list is newest first), bookings (a confirmed
// one can be cancelled) and invoices (those awaiting payment lead to Pay). The driver's stream keeps it current.
import { el, replace, kWh } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { onLive } from '../../../js/live-bus.js';
import { throttled } from '../../../js/throttle.js';
import { driverApi, failureText } from '../driver-api.js';
import { money, when } from '../format.js';
import { say } from '../message.js';

/** @param {any} s */
const sessionRow = (s) => el('li', { 'data-testid': `history-session-${s.id}` },
  el('a', { href: `#/sessions/${s.id}` }, `${when(s.startedAt)} · ${s.chargeBoxId}/${s.connectorId}`),
  el('span', { class: `chip ${s.stoppedAt ? 'done' : 'in_use'}` }, s.stoppedAt ? kWh(s.energyWh) : 'charging'));

/** @param {any} inv */
const invoiceRow = (inv) => el('li', { 'data-testid': `history-invoice-${inv.id}` },
  el('a', { href: `#/invoices/${inv.id}` }, `${inv.number} · ${money(inv.totalMinor, inv.currency)}`),
  el('span', { class: `chip ${inv.status}` }, inv.status === 'unpaid' ? 'to pay' : inv.status));

/** @param {any} b @param {() => void} reload */
function bookingRow(b, reload) {
  const cancel = b.status === 'confirmed'
    ? el('button', { type: 'button', class: 'secondary small', 'data-testid': `cancel-booking-${b.id}` }, 'Cancel') : null;
  cancel?.addEventListener('click', () => {
    driverApi.post(`/bookings/${b.id}/cancel`).then(() => { say(`Booking ${b.code} cancelled.`); reload(); }, (err) => say(failureText(err), 'error'));
  });
  return el('li', { 'data-testid': `history-booking-${b.id}` },
    el('span', {}, `${b.code} · ${b.chargeBoxId}/${b.connectorId} · ${when(b.startsAt)}`),
    el('span', { class: `chip ${b.status}` }, b.status), cancel);
}

export const historyView = {
  name: 'history', path: /^\/history$/, title: 'My charging',
  /** @param {HTMLElement} root */
  render(root) {
    const sessions = el('ul', { class: 'rows', 'data-testid': 'history-sessions' });
    const bookings = el('ul', { class: 'rows', 'data-testid': 'history-bookings' });
    const invoices = el('ul', { class: 'rows', 'data-testid': 'history-invoices' });
    root.append(el('h1', {}, 'My charging'), el('h2', {}, 'Sessions'), sessions, el('h2', {}, 'Bookings'), bookings, el('h2', {}, 'Invoices'), invoices);
    const none = (/** @type {string} */ what) => el('li', { class: 'muted' }, `No ${what} yet.`);
    const load = async () => {
      try {
        const [s, b, i] = await Promise.all([driverApi.get('/sessions?limit=20'), driverApi.get('/bookings?limit=20'), driverApi.get('/invoices?limit=20')]);
        replace(sessions, s.length ? s.map(sessionRow) : none('sessions'));
        replace(bookings, b.length ? b.map((/** @type {any} */ x) => bookingRow(x, () => reload.poke())) : none('bookings'));
        replace(invoices, i.length ? i.map(invoiceRow) : none('invoices'));
        markLoaded(root);
      } catch (err) {
        say(failureText(err), 'error');
      }
    };
    const reload = throttled(load, 1000);
    reload.poke();
    const unsubscribe = onLive((name) => {
      if (name !== 'slot.changed' && name !== 'connector.status') reload.poke();
    });
    return () => { unsubscribe(); reload.cancel(); };
  },
};
