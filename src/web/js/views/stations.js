// Stations (#/stations?q=&status=&online=&siteId=&faulted=&maintenance=&sort=&cursor=): the fleet as a table,
// searched, filtered, sorted and paged by the API (GET /api/stations, keyset-paged: X-Next-Cursor). The filters
// live in the address, so a filtered page can be bookmarked and shared; Next is a new history entry (the back
// button returns to the page before). Each row's status follows the event stream in place.
import { el, replace } from '../dom.js';
import { api, describeError, getPage } from '../api.js';
import { href, markLoaded, navigate, replaceQuery } from '../router.js';
import { onLive } from '../live-bus.js';
import { connectorChip, onlineBadge, setConnectorStatus, setOnline } from './station-status.js';

const PAGE_SIZE = 50;
const TYPING_MS = 300;
const FILTERS = /** @type {const} */ (['q', 'status', 'online', 'siteId', 'faulted', 'maintenance', 'sort']);
const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];

/** @typedef {import('../types.js').StationListRow} StationListRow */

/**
 * The cursors of the pages before the one shown, per filter, so Previous knows where to go: [first ('' ), 2nd, …].
 * A page opened from a bookmark has no trail: its Previous goes to the first page.
 * @type {Map<string, string[]>}
 */
const trails = new Map();

/** @param {URLSearchParams} query */
const filterKey = (query) => FILTERS.map((f) => `${f}=${query.get(f) ?? ''}`).join('&');

/** @param {string} name @param {string} label @param {Array<[string, string]>} items @param {string} value */
function choice(name, label, items, value) {
  const select = el('select', { name, 'data-testid': `stations-${name}` }, items.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
  return { select, field: el('label', {}, el('span', {}, label), select) };
}

const yesNo = (/** @type {string} */ any, /** @type {string} */ yes, /** @type {string} */ no) =>
  /** @type {Array<[string, string]>} */ ([['', any], ['true', yes], ['false', no]]);

/** @param {string | null | undefined} iso */
const seen = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : 'never');

/** @param {StationListRow} s */
function row(s) {
  return el('tr', { 'data-testid': `station-row-${s.id}`, 'data-station-id': s.id, 'data-online': String(s.online) },
    el('th', { scope: 'row' }, el('a', { href: href(`/stations/${s.id}`), 'data-testid': `station-link-${s.id}` }, s.chargeBoxId)),
    el('td', { class: 'opt' }, s.name ?? ''),
    el('td', {}, onlineBadge(s.id, s.online)),
    el('td', {}, el('div', { class: 'conn-chips', 'data-testid': `station-connectors-${s.id}` },
      s.connectors.map((c) => connectorChip(s.id, c.connectorId, c.status, s.online)))),
    el('td', { class: 'opt' }, s.registrationStatus),
    el('td', { class: 'opt' }, seen(s.lastSeenAt)));
}

/** @param {HTMLElement} root @param {import('../router.js').Route} route */
async function render(root, { query }) {
  const cursor = query.get('cursor') ?? '';
  const key = filterKey(query);
  const trail = trails.get(key) ?? [''];
  if (!trail.includes(cursor)) trail.splice(0, trail.length, '', ...(cursor ? [cursor] : []));
  trails.set(key, trail);

  const q = el('input', { type: 'search', name: 'q', value: query.get('q') ?? '', placeholder: 'chargeBoxId or name starts with', 'data-testid': 'stations-q', autocomplete: 'off' });
  const status = choice('status', 'Connector status', [['', 'any'], ...STATUSES.map((s) => /** @type {[string, string]} */ ([s, s]))], query.get('status') ?? '');
  const online = choice('online', 'Connection', yesNo('any', 'online', 'offline'), query.get('online') ?? '');
  const faulted = choice('faulted', 'Faulted', yesNo('any', 'faulted', 'not faulted'), query.get('faulted') ?? '');
  const maintenance = choice('maintenance', 'Maintenance', yesNo('any', 'under maintenance', 'none'), query.get('maintenance') ?? '');
  const site = choice('siteId', 'Site', [['', 'any']], query.get('siteId') ?? '');
  const sort = choice('sort', 'Order', [['chargeBoxId', 'chargeBoxId A→Z'], ['-lastSeenAt', 'last seen, newest first']], query.get('sort') ?? 'chargeBoxId');
  const body = el('tbody', { 'data-testid': 'stations-rows' });
  const status_ = el('p', { class: 'small muted', 'data-testid': 'stations-page-info', role: 'status', 'aria-live': 'polite' });
  const prev = el('button', { type: 'button', 'data-testid': 'stations-prev' }, '← Previous');
  const next = el('button', { type: 'button', 'data-testid': 'stations-next' }, 'Next →');
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Find stations', 'data-testid': 'stations-filters' },
    el('label', { class: 'grow' }, el('span', {}, 'Search'), q), status.field, online.field, faulted.field, maintenance.field, site.field, sort.field);
  root.append(
    el('div', { class: 'card' }, el('h2', {}, 'Stations'), form),
    el('div', { class: 'card' },
      el('div', { class: 'table-scroll' }, el('table', { class: 'table', 'data-testid': 'stations-table' },
        el('caption', { class: 'sr-only' }, 'Stations, their connection and their connectors\' status'),
        el('thead', {}, el('tr', {}, ['chargeBoxId', 'Name', 'Connection', 'Connectors', 'Registration', 'Last seen']
          .map((h, i) => el('th', { scope: 'col', class: [1, 4, 5].includes(i) ? 'opt' : null }, h)))),
        body)),
      el('div', { class: 'pager' }, prev, status_, next)));

  /** The address for these filters (the ones in the form now) and a cursor. @param {string} [at] */
  const address = (at) => href('/stations', {
    q: q.value.trim(), status: status.select.value, online: online.select.value, faulted: faulted.select.value,
    maintenance: maintenance.select.value, siteId: site.select.value, sort: sort.select.value === 'chargeBoxId' ? '' : sort.select.value, cursor: at,
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  // A changed filter starts again from the first page, in place (no history entry per keystroke).
  const refilter = () => { replaceQuery(address()); void load(''); };
  form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(typing); refilter(); });
  q.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(refilter, TYPING_MS); });
  for (const s of [status, online, faulted, maintenance, site, sort]) s.select.addEventListener('change', refilter);

  /** The trail of the filters in the form now. */
  const trailNow = () => {
    const k = filterKey(new URLSearchParams(address().split('?')[1] ?? ''));
    const t = trails.get(k) ?? [''];
    trails.set(k, t);
    return t;
  };
  /** @type {string | null} */
  let nextCursor = null;
  let shownCursor = cursor;
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    const t = trailNow();
    t.splice(t.indexOf(shownCursor) + 1, t.length, nextCursor);
    navigate(address(nextCursor));
  });
  prev.addEventListener('click', () => {
    const t = trailNow();
    navigate(address(t[t.indexOf(shownCursor) - 1] ?? ''));
  });

  /** @param {string} at */
  async function load(at) {
    shownCursor = at;
    const params = new URLSearchParams(address(at).split('?')[1] ?? '');
    params.set('limit', String(PAGE_SIZE));
    try {
      const page = await getPage(`/stations?${params}`);
      nextCursor = page.nextCursor;
      /** @type {StationListRow[]} */
      const rows = page.items;
      replace(body, rows.length === 0 ? el('tr', {}, el('td', { colspan: 6, class: 'muted', 'data-testid': 'stations-none' }, 'No station matches.')) : rows.map(row));
      const n = Math.max(0, trailNow().indexOf(at));
      status_.textContent = rows.length === 0 ? '' : `Page ${n + 1} · stations ${n * PAGE_SIZE + 1}–${n * PAGE_SIZE + rows.length}`;
      prev.disabled = at === '';
      next.disabled = !nextCursor;
      root.dataset.count = String(rows.length);
      markLoaded(root);
    } catch (err) {
      replace(body, el('tr', {}, el('td', { colspan: 6, class: 'error' }, `Could not load the stations: ${describeError(err)}`)));
    }
  }

  // The sites to filter by (a few; a site is a grid connection).
  void api.get('/sites').then((/** @type {Array<{ id: number, name: string }>} */ sites) => {
    for (const s of sites) site.select.append(el('option', { value: s.id, selected: String(s.id) === query.get('siteId') }, s.name));
  }).catch(() => { /* the filter stays at any */ });

  const unsubscribe = onLive((name, data) => {
    const e = /** @type {{ stationId?: number, connectorId?: number, status?: string }} */ (data ?? {});
    if (typeof e.stationId !== 'number') return;
    const tr = /** @type {HTMLElement | null} */ (body.querySelector(`tr[data-station-id="${e.stationId}"]`));
    if (!tr) return;
    if (name === 'connector.status' && typeof e.connectorId === 'number' && e.status) setConnectorStatus(tr, e.stationId, e.connectorId, e.status);
    if (name === 'station.online' || name === 'station.offline') setOnline(tr, e.stationId, name === 'station.online');
  });
  await load(cursor);
  return () => { unsubscribe(); clearTimeout(typing); };
}

/** @type {import('../router.js').View} */
export const stationsView = { name: 'stations', path: /^\/stations$/, title: 'Stations', render };
