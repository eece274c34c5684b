// The stations a driver can charge at, each connector with its live availability (slot.changed and
// connector.status on the driver's stream update the rows in place). "Near me" asks the phone where it is and
// lists the nearest first; a search finds a charger by its id or name.
import { el, replace } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { onLive } from '../../../js/live-bus.js';
import { driverApi, failureText } from '../driver-api.js';
import { availability, when } from '../format.js';

/** @typedef {{ connectorId: number, status: string, slotId: number, connectorCode: string, slotStatus: string,
 *   nextFreeWindow: { startsAt: string, endsAt: string | null } | null }} DriverConnector */

/** One connector's row: a link to its page (where it can be started or booked). @param {DriverConnector} c */
function connectorRow(c) {
  const window = c.nextFreeWindow;
  const free = c.slotStatus !== 'available' && window ? `free from ${when(window.startsAt)}` : '';
  return el('a', { class: 'connector', href: `#/c/${encodeURIComponent(c.connectorCode)}`, 'data-testid': `connector-${c.slotId}`, 'data-slot-id': c.slotId },
    el('span', { class: 'code' }, c.connectorCode),
    el('span', { class: `chip ${c.slotStatus}`, 'data-testid': 'availability' }, availability(c.slotStatus)),
    el('span', { class: 'small muted' }, free));
}

/** @param {any} s a station of GET /api/driver/stations */
function stationCard(s) {
  const distance = typeof s.distanceM === 'number' ? `${(s.distanceM / 1000).toFixed(1)} km` : null;
  return el('article', { class: 'card station', 'data-testid': `station-${s.id}` },
    el('h2', {}, s.name ?? s.chargeBoxId, s.online ? null : el('span', { class: 'chip inactive' }, 'offline')),
    el('p', { class: 'small muted' }, [s.location, distance].filter(Boolean).join(' · ')),
    el('div', { class: 'connectors' }, s.connectors.map(connectorRow)));
}

export const stationsView = {
  name: 'stations', path: /^\/$/, title: 'Stations',
  /** @param {HTMLElement} root @param {import('../../../js/router.js').Route} route */
  render(root, route) {
    const list = el('div', { class: 'stations', 'data-testid': 'station-list' });
    const more = el('button', { type: 'button', class: 'secondary', 'data-testid': 'more-stations', hidden: true }, 'More stations');
    const search = el('input', { type: 'search', name: 'q', placeholder: 'Charger id or name', 'data-testid': 'station-search', value: route.query.get('q') ?? '' });
    const near = el('button', { type: 'button', class: 'secondary', 'data-testid': 'near-me' }, 'Near me');
    /** @type {string | null} */
    let cursor = null;
    /** @type {string} */
    let base = '';

    async function load(/** @type {string} */ query, /** @type {boolean} */ append) {
      try {
        const page = await driverApi.page(`/stations${query}${append && cursor ? `${query ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : ''}`);
        cursor = page.nextCursor;
        if (!append) replace(list);
        list.append(...page.items.map(stationCard));
        if (!append && page.items.length === 0) list.append(el('p', { class: 'muted' }, 'No stations found.'));
        more.hidden = !cursor;
        markLoaded(root);
      } catch (err) {
        replace(list, el('p', { class: 'error' }, failureText(err)));
      }
    }
    const byText = () => { base = search.value.trim() ? `?q=${encodeURIComponent(search.value.trim())}` : ''; void load(base, false); };
    search.addEventListener('change', byText);
    more.addEventListener('click', () => void load(base, true));
    near.addEventListener('click', () => {
      navigator.geolocation.getCurrentPosition(
        (p) => { base = `?near=${p.coords.latitude.toFixed(5)},${p.coords.longitude.toFixed(5)}`; void load(base, false); },
        (e) => replace(list, el('p', { class: 'error' }, `Your position is not available (${e.message}).`)));
    });
    root.append(el('h1', {}, 'Charge'), el('div', { class: 'row' }, search, near), list, more);
    byText();

    // Availability changes in place: a slot's status, or the connector's own (a fault).
    return onLive((name, data) => {
      const d = /** @type {any} */ (data);
      if (name === 'resync') byText();
      if (name !== 'slot.changed' || !d) return;
      const row = list.querySelector(`[data-slot-id="${d.slotId}"] [data-testid="availability"]`);
      if (row) { row.textContent = availability(d.status); row.className = `chip ${d.status}`; }
    });
  },
};
