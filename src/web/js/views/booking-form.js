// Booking a slot on the calendar's day: slot, holder (a customer) and one of their tags, start time and length
// (POST /api/bookings {slotId, customerId, idTagId, startsAt, endsAt}). Customers are found by name.
import { el, field, options } from '../dom.js';
import { api } from '../api.js';
import { act, resultBox } from '../message.js';
import { apiPath } from './list-kit.js';

/** @typedef {import('../types.js').SlotRow} SlotRow */

/**
 * @param {Date} day  the calendar's day (local midnight) @param {SlotRow[]} slots @param {string | null} slotId  preselected
 * @param {() => void} onBooked
 */
export function bookingForm(day, slots, slotId, onBooked) {
  const slot = el('select', { name: 'slotId', 'data-testid': 'calendar-form-slot', required: true });
  options(slot, slots.map((s) => [s.id, s.code]), slotId ?? undefined);
  const search = el('input', { type: 'search', name: 'customerSearch', placeholder: 'type a name', 'data-testid': 'calendar-form-customer-search' });
  const customer = el('select', { name: 'customerId', 'data-testid': 'calendar-form-customer', required: true });
  const tag = el('select', { name: 'idTagId', 'data-testid': 'calendar-form-idtag', required: true });
  const start = el('input', { type: 'time', name: 'start', value: '08:00', step: 300, required: true, 'data-testid': 'calendar-form-start' });
  const minutes = el('input', { type: 'number', name: 'minutes', min: 5, step: 5, value: 60, required: true, 'data-testid': 'calendar-form-minutes' });
  const result = resultBox('calendar-form-result');
  const form = el('form', { class: 'form', 'data-testid': 'calendar-form', 'aria-label': 'New booking' },
    el('div', { class: 'fields' },
      field('Slot', slot), field('Find customer', search), field('Customer', customer), field('Id tag', tag),
      field(`Starts (${day.toLocaleDateString()})`, start), field('Minutes', minutes)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': 'calendar-form-book' }, 'Book')),
    result);

  async function loadTags() {
    if (!customer.value) return options(tag, []);
    try {
      /** @type {import('../types.js').IdTagRow[]} */
      const tags = await api.get(`/id-tags?customerId=${encodeURIComponent(customer.value)}`);
      options(tag, tags.map((t) => [t.id, t.idTag]));
    } catch { options(tag, []); }
  }
  async function loadCustomers() {
    try {
      /** @type {import('../types.js').Customer[]} */
      const found = await api.get(apiPath('/customers', { q: search.value.trim(), limit: 50 }));
      options(customer, found.map((c) => [c.id, c.name]), customer.value);
      await loadTags();
    } catch { /* an error shows when they book */ }
  }
  let typing = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => void loadCustomers(), 250); });
  customer.addEventListener('change', () => void loadTags());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [h, m] = start.value.split(':').map(Number);
    const startsAt = new Date(day.getFullYear(), day.getMonth(), day.getDate(), h ?? 0, m ?? 0);
    const endsAt = new Date(startsAt.getTime() + Number(minutes.value || 60) * 60_000);
    const made = await act(result, 'Book', () => api.post('/bookings', {
      slotId: Number(slot.value), customerId: Number(customer.value), idTagId: Number(tag.value),
      startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
    }), (/** @type {import('../types.js').Booking} */ b) => `Booking ${b.code} ${b.status}${b.reservationStatus ? ` · charger: ${b.reservationStatus}` : ''}`);
    if (made) onBooked();
  });
  void loadCustomers();
  return {
    form,
    /** Prefills slot and start from a click on the calendar. @param {number} slotIdValue @param {number} hour */
    prefill(slotIdValue, hour) {
      slot.value = String(slotIdValue);
      start.value = `${String(hour).padStart(2, '0')}:00`;
      search.focus();
    },
  };
}
