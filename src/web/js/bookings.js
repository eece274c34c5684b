// Today's bookings per slot on a simple timeline (00:00-24:00 local), plus creating and cancelling one.
import { $, el, field, hhmm, options, replace } from './dom.js';
import { api } from './api.js';
import { act, resultBox } from './message.js';

const DAY_MS = 86_400_000;
export const today = () => { const d = new Date(); d.setHours(0, 0, 0, 0); return d; };

/** @typedef {import('./types.js').Booking} Booking @typedef {import('./types.js').Slot} Slot */

/** @param {import('./types.js').Ctx} ctx */
export function buildBookings(ctx) {
  const slot = el('select', { name: 'slot', 'data-testid': 'booking-slot' });
  const customer = el('select', { name: 'customer', 'data-testid': 'booking-customer' });
  const tag = el('select', { name: 'idTag', 'data-testid': 'booking-idtag' });
  const now = new Date(Date.now() + 5 * 60_000);
  const start = el('input', { type: 'time', name: 'start', 'data-testid': 'booking-start', value: `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}` });
  const minutes = el('input', { type: 'number', name: 'minutes', min: 5, step: 5, value: 60, 'data-testid': 'booking-minutes' });
  const form = $('booking-form');
  const booked = resultBox('booking-create-result');
  // Cancel buttons live in the timeline above the form, which re-renders: their result sits right below it.
  const cancelled = resultBox('booking-cancel-result', { after: $('booking-timeline') });
  form.replaceChildren(
    el('div', { class: 'fields' }, field('Slot', slot), field('Customer', customer), field('Id tag', tag),
      field('Starts (today)', start), field('Minutes', minutes)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': 'booking-create' }, 'Book')),
    booked);

  async function loadTags() {
    if (!customer.value) return options(tag, []);
    try {
      /** @type {import('./types.js').IdTagRow[]} */
      const tags = await api.get(`/id-tags?customerId=${encodeURIComponent(customer.value)}`);
      options(tag, tags.map((t) => [t.id, t.idTag]), tag.value);
    } catch { options(tag, []); }
  }
  customer.addEventListener('change', loadTags);
  // Customers made since sign-in show up when the list is opened.
  customer.addEventListener('focus', () => { void loadCustomers(); });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [h, m] = start.value.split(':').map(Number);
    const startsAt = new Date(today().getTime() + ((h || 0) * 60 + (m || 0)) * 60_000);
    const endsAt = new Date(startsAt.getTime() + Number(minutes.value || 60) * 60_000);
    await act(booked, 'Book', () => api.post('/bookings', {
      slotId: Number(slot.value), customerId: Number(customer.value), idTagId: Number(tag.value),
      startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
    }), (/** @type {Booking} */ b) => `Booking ${b.code} ${b.status}${b.reservationStatus ? ` · charger: ${b.reservationStatus}` : ''}`);
    ctx.refresh();
  });

  async function loadCustomers() {
    try {
      /** @type {import('./types.js').Customer[]} */
      const customers = await api.get('/customers?limit=200');
      options(customer, customers.map((c) => [c.id, c.name]), customer.value);
      await loadTags();
    } catch { /* errors show when they act */ }
  }

  /** @param {Booking} b */
  async function cancel(b) {
    await act(cancelled, `Cancel ${b.code}`, () => api.post(`/bookings/${b.id}/cancel`), (/** @type {Booking} */ done) => `Booking ${done.code} ${done.status}`);
    ctx.refresh();
  }

  return {
    loadChoices: () => loadCustomers(),
    /** @param {Slot[]} slots @param {Booking[]} bookings */
    update(slots, bookings) {
      options(slot, slots.map((s) => [s.id, s.code]), slot.value);
      renderTimeline(slots, bookings, cancel);
    },
  };
}

/** @param {Slot[]} slots @param {Booking[]} bookings @param {(b: Booking) => Promise<void>} cancel */
function renderTimeline(slots, bookings, cancel) {
  const day0 = today().getTime();
  const pos = (/** @type {number} */ t) => Math.min(100, Math.max(0, ((t - day0) / DAY_MS) * 100));
  const nowPct = pos(Date.now());
  const shown = bookings.filter((b) => b.status !== 'cancelled');
  replace($('booking-timeline'), slots.length === 0 ? el('p', { class: 'muted' }, 'No slots yet.') : [
    el('div', { class: 'hours', 'aria-hidden': 'true' }, el('span', {}, ''), el('div', { class: 'scale' },
      ['00', '06', '12', '18', '24'].map((h) => el('span', {}, h)))),
    // An offline station's slot keeps its status (later windows stay bookable) and says the station is offline.
    ...slots.map((s) => el('div', { class: 'lane', 'data-testid': `slot-${s.id}`, 'data-status': s.status, 'data-station-online': String(s.stationOnline !== false) },
      el('span', { class: 'slotname' }, s.code, el('span', { class: 'small muted' }, ` ${s.status}`),
        s.stationOnline === false ? el('span', { class: 'small slot-offline', 'data-testid': `slot-offline-${s.id}` }, ' · station offline') : null),
      el('div', { class: 'track' },
        el('span', { class: 'now', style: `left:${nowPct}%` }),
        shown.filter((b) => b.slotId === s.id).map((b) => {
          const left = pos(Date.parse(b.startsAt));
          const width = Math.max(1.5, pos(Date.parse(b.endsAt)) - left);
          return el('span', {
            class: 'booking', 'data-testid': `booking-${b.id}`, 'data-status': b.status, style: `left:${left}%;width:${width}%`,
            title: `${b.code} ${hhmm(b.startsAt)}–${hhmm(b.endsAt)} ${b.status}`,
          }, b.code);
        })))),
    // The charger's answer to the reservation shows while it matters: a refusal (Occupied, Faulted, Unavailable
    // wait for the connector's Available; Rejected never retries) is for staff to see.
    el('ul', { class: 'booking-list' }, shown.map((b) => el('li', { 'data-testid': `booking-item-${b.id}`, 'data-reservation': b.reservationStatus ?? '' },
      el('span', {}, `${b.code} · ${hhmm(b.startsAt)}–${hhmm(b.endsAt)} · ${b.status}${b.status === 'confirmed' && b.reservationStatus ? ` · charger: ${b.reservationStatus}` : ''}`),
      b.status === 'confirmed' ? el('button', { type: 'button', class: 'danger', 'data-testid': `booking-cancel-${b.id}`, onclick: () => cancel(b) }, 'Cancel') : null))),
  ]);
}
