// Bookings calendar (#/bookings?day=YYYY-MM-DD&stationId=&slotId=&slot=): one day, slots as rows and hours as
// columns, each booking a block with its holder's name; the day before and after, booking (a click on a row's hour
// fills the form) and cancelling. The day's bookings are also a table (screen readers, cancel buttons). Rows: the
// station's or the matching slots when filtered, else the slots booked that day and the first few others (a fleet
// has thousands). Live on booking.changed and slot.changed.
import { el, find, replace } from '../dom.js';
import { api, getPage } from '../api.js';
import { act, resultBox } from '../message.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { throttled } from '../throttle.js';
import { apiPath, clock, dayStart, dayText, filterForm, loadError, table, newestOnly } from './list-kit.js';
import { bookingForm } from './booking-form.js';

const PATH = '/bookings';
const HOUR_MS = 3_600_000;
/** Without a filter: the slots booked that day, then this many others. */
const UNFILTERED_ROWS = 20;
const MAX_SLOTS = 200;
const MAX_BOOKINGS = 500;

/** @typedef {import('../types.js').CalendarBooking} CalendarBooking @typedef {import('../types.js').SlotRow} SlotRow */

/** @param {URLSearchParams} q */
const filtered = (q) => Boolean(q.get('stationId') || q.get('slotId') || q.get('slot'));

/** @type {import('./list-kit.js').FilterField[]} */
const FILTERS = [
  { name: 'day', label: 'Day', type: 'date' },
  { name: 'stationId', label: 'Station id', type: 'number' },
  { name: 'slot', label: 'Slot code starts with', type: 'search' },
  { name: 'slotId', label: 'Slot id', type: 'number' },
];

/** @param {CalendarBooking} b */
const holder = (b) => b.customerName ?? b.idTag;

/**
 * The calendar's rows. Filtered: the slots asked for. Not: the slots booked that day (from the bookings, which
 * carry their slot's code and station), then the first of the others, by code.
 * @param {URLSearchParams} query @param {CalendarBooking[]} bookings @returns {Promise<SlotRow[]>}
 */
async function rowsFor(query, bookings) {
  const slotId = query.get('slotId');
  if (slotId) return [/** @type {SlotRow} */ (await api.get(`/slots/${encodeURIComponent(slotId)}`))];
  const filtered = Boolean(query.get('stationId') || query.get('slot'));
  const page = await getPage(apiPath('/slots', { stationId: query.get('stationId'), q: query.get('slot'), limit: filtered ? MAX_SLOTS : UNFILTERED_ROWS }));
  /** @type {SlotRow[]} */
  const listed = page.items;
  if (filtered) return listed;
  /** @type {Map<number, SlotRow>} */
  const rows = new Map();
  for (const b of bookings) {
    if (!rows.has(b.slotId)) rows.set(b.slotId, { id: b.slotId, code: b.slotCode ?? `slot ${b.slotId}`, stationId: b.stationId ?? 0, connectorId: b.connectorId ?? 0, status: '' });
  }
  for (const s of listed) rows.set(s.id, s);
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * @param {Date} day @param {SlotRow[]} slots @param {CalendarBooking[]} bookings
 * @param {(slotId: number, hour: number) => void} onPick  a click on a row's free time
 */
function grid(day, slots, bookings, onPick) {
  const t0 = day.getTime();
  const t1 = dayStart(dayText(day), 1)?.getTime() ?? t0 + 24 * HOUR_MS; // 23 or 25 hours on a clock change
  const pos = (/** @type {number} */ t) => Math.min(100, Math.max(0, ((t - t0) / (t1 - t0)) * 100));
  const now = Date.now();
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return el('div', { class: 'calendar', role: 'group', 'aria-label': `Bookings on ${day.toDateString()}`, 'data-testid': 'calendar-grid' },
    el('div', { class: 'cal-row cal-hours', 'aria-hidden': 'true' }, el('span', {}, 'Slot'),
      el('div', { class: 'cal-track' }, hours.map((h) => el('span', { class: 'cal-hour' }, String(h).padStart(2, '0'))))),
    slots.map((s) => {
      const track = el('div', { class: 'cal-track', title: 'Click a free hour to book it' },
        hours.map(() => el('span', { class: 'cal-cell', 'aria-hidden': 'true' })),
        now >= t0 && now < t1 ? el('span', { class: 'cal-now', style: `left:${pos(now)}%`, 'aria-hidden': 'true' }) : null,
        bookings.filter((b) => b.slotId === s.id).map((b) => {
          const left = pos(Date.parse(b.startsAt));
          const width = Math.max(2, pos(Date.parse(b.endsAt)) - left);
          return el('button', {
            type: 'button', class: 'cal-booking', 'data-status': b.status, 'data-testid': `calendar-booking-${b.id}`,
            style: `left:${left}%;width:${width}%`, 'aria-label': `${b.code}: ${holder(b)}, ${clock(b.startsAt)} to ${clock(b.endsAt)}, ${b.status}`,
            title: `${b.code} · ${holder(b)} · ${clock(b.startsAt)}–${clock(b.endsAt)} · ${b.status}`,
            onclick: (/** @type {Event} */ e) => { e.stopPropagation(); find(`calendar-item-${b.id}`)?.focus(); },
          }, el('span', { class: 'cal-holder' }, holder(b)), el('span', { class: 'cal-time' }, `${clock(b.startsAt)}–${clock(b.endsAt)}`));
        }));
      track.addEventListener('click', (e) => {
        const box = track.getBoundingClientRect();
        onPick(s.id, Math.min(23, Math.floor(((e.clientX - box.left) / box.width) * 24)));
      });
      return el('div', { class: 'cal-row', 'data-testid': `calendar-slot-${s.id}`, 'data-status': s.status },
        el('span', { class: 'cal-slot' }, s.code, s.stationOnline === false ? el('span', { class: 'small slot-offline' }, ' offline') : null),
        track);
    }));
}

/** @param {CalendarBooking[]} bookings @param {Map<number, string>} slotCodes @param {(b: CalendarBooking) => void} cancel */
function bookingTable(bookings, slotCodes, cancel) {
  return table('The day\'s bookings', ['Booking', 'Slot', 'Time', 'Holder', 'Status', 'Charger', ''], bookings.map((b) =>
    el('tr', { 'data-testid': `calendar-item-${b.id}`, tabindex: -1 },
      el('td', { 'data-label': 'Booking' }, b.code),
      el('td', { 'data-label': 'Slot' }, b.slotCode ?? slotCodes.get(b.slotId) ?? `slot ${b.slotId}`),
      el('td', { 'data-label': 'Time' }, `${clock(b.startsAt)}–${clock(b.endsAt)}`),
      el('td', { 'data-label': 'Holder', 'data-testid': `calendar-holder-${b.id}` }, holder(b)),
      el('td', { 'data-label': 'Status' }, b.status),
      el('td', { 'data-label': 'Charger' }, b.reservationStatus ?? '–'),
      el('td', {}, b.status === 'confirmed'
        ? el('button', { type: 'button', class: 'danger', 'data-testid': `calendar-cancel-${b.id}`, onclick: () => cancel(b) }, 'Cancel') : null))),
  'calendar-bookings', 'No bookings on this day.');
}

/** @type {import('../router.js').View} */
export const bookingsCalendarView = {
  name: 'bookings', path: /^\/bookings\/?$/, title: 'Bookings',
  render(root, { query }) {
    root.classList.add('console-view');
    const now = new Date();
    const day = dayStart(query.get('day')) ?? new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const here = Object.fromEntries(query);
    const dayLink = (/** @type {number} */ n, /** @type {string} */ text, /** @type {string} */ testid) =>
      el('a', { class: 'button-link', href: href(PATH, { ...here, day: dayText(/** @type {Date} */ (dayStart(dayText(day), n))) }), 'data-testid': testid }, text);
    const body = el('div', { 'data-testid': 'calendar-body' });
    const formBox = el('div', {});
    const cancelled = resultBox('calendar-cancel-result');
    root.dataset.day = dayText(day);
    root.append(el('div', { class: 'card wide' },
      el('div', { class: 'view-head' },
        el('h2', { 'data-testid': 'calendar-title' }, `Bookings · ${day.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })}`),
        el('nav', { class: 'buttons', 'aria-label': 'Days' },
          dayLink(-1, '‹ Previous day', 'calendar-prev'), el('a', { class: 'button-link', href: href(PATH, { ...here, day: null }) }, 'Today'),
          dayLink(1, 'Next day ›', 'calendar-next'))),
      filterForm(PATH, FILTERS, query, 'calendar-filter'),
      cancelled, body),
    el('div', { class: 'card wide' }, el('h3', {}, 'Book a slot'), formBox));

    const loads = newestOnly();
    /** @type {ReturnType<typeof bookingForm> | null} */
    let form = null;
    /** @param {CalendarBooking} b */
    async function cancel(b) {
      const done = await act(cancelled, `Cancel ${b.code}`, () => api.post(`/bookings/${b.id}/cancel`), (/** @type {CalendarBooking} */ r) => `Booking ${r.code} ${r.status}`);
      if (done) reload();
    }
    async function load() {
      const mine = loads.start();
      const next = /** @type {Date} */ (dayStart(dayText(day), 1));
      try {
        const page = await getPage(apiPath(PATH, {
          stationId: query.get('stationId'), slotId: query.get('slotId'), from: day.toISOString(), to: next.toISOString(), limit: MAX_BOOKINGS,
        }));
        /** @type {CalendarBooking[]} */
        const bookings = page.items.filter((b) => b.status !== 'cancelled');
        const slots = await rowsFor(query, bookings);
        if (!loads.isNewest(mine)) return;
        const shown = query.get('slot') ? bookings.filter((b) => slots.some((s) => s.id === b.slotId)) : bookings;
        replace(body,
          slots.length === 0 ? el('p', { class: 'muted' }, 'No slots here.') : grid(day, slots, shown, (slotId, hour) => form?.prefill(slotId, hour)),
          filtered(query) ? null : el('p', { class: 'small muted' }, 'The slots booked this day and the first others: filter by station or slot code for the rest.'),
          page.nextCursor ? el('p', { class: 'small muted' }, `The first ${MAX_BOOKINGS} bookings of the day: filter by station to see the rest.`) : null,
          bookingTable(shown, new Map(slots.map((s) => [s.id, s.code])), (b) => void cancel(b)));
        if (!form) { form = bookingForm(day, slots, query.get('slotId'), () => reload()); replace(formBox, form.form); }
        markLoaded(root);
      } catch (err) {
        if (loads.isNewest(mine)) replace(body, loadError(err, 'the bookings'));
      }
    }
    const reloads = throttled(() => void load(), 300); // follows a busy stream without starving
    const reload = () => reloads.poke();
    const off = onLive((name) => { if (name === 'booking.changed' || name === 'slot.changed' || name === 'resync') reload(); });
    void load();
    return () => { loads.leave(); off(); reloads.cancel(); };
  },
};
