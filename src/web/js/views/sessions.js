// Sessions (#/sessions?state=&stationId=&customerId=&idTag=&q=&from=&to=&limit=&cursor=): the history of charging, newest
// first, filtered and paged by the address. A running row follows session.updated in place; a session that
// starts or stops reloads the page shown (the same cursor), not the whole console.
import { el, find, kW, kWh, pct, replace } from '../dom.js';
import { getPage } from '../api.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { throttled } from '../throttle.js';
import { apiPath, csvHref, dayRange, filterForm, loadError, pager, table, when, newestOnly } from './list-kit.js';

const PATH = '/sessions';
const RELOAD_MS = 1_000; // starts and stops of a fleet redraw the page at most this often

/** @typedef {import('../types.js').SessionRow} SessionRow */

/** @type {import('./list-kit.js').FilterField[]} */
const FILTERS = [
  { name: 'q', label: 'Search', type: 'search', placeholder: 'charger, tag or customer' },
  { name: 'state', label: 'State', type: 'select', options: [['', 'Any'], ['active', 'Charging now'], ['completed', 'Finished'], ['awaiting_payment', 'Awaiting payment']] },
  { name: 'stationId', label: 'Station id', type: 'number' },
  { name: 'customerId', label: 'Customer id', type: 'number' },
  { name: 'idTag', label: 'Id tag' },
  { name: 'from', label: 'Started from', type: 'date' },
  { name: 'to', label: 'Started until', type: 'date' },
];

/** The list's (and the export's) filter, from the address. @param {URLSearchParams} q */
function sessionFilter(q) {
  const { from, to } = dayRange(q);
  return { state: q.get('state'), stationId: q.get('stationId'), customerId: q.get('customerId'), idTag: q.get('idTag'), q: q.get('q'), from, to };
}

/** @param {SessionRow} s */
const stateText = (s) => (s.stoppedAt === null ? 'charging' : s.closedAt ? 'closed by staff' : 'stopped');

/**
 * @param {string} label @param {string} text @param {string} testid @param {number | null | undefined} raw
 */
const figure = (label, text, testid, raw) => el('td', { 'data-label': label, 'data-testid': testid, 'data-value': raw ?? '' }, text);

/** @param {SessionRow} s */
function row(s) {
  const id = s.id;
  return el('tr', { 'data-testid': `sessions-row-${id}`, 'data-state': s.stoppedAt === null ? 'active' : 'stopped', 'data-reading-at': s.latestMeterAt ?? '' },
    el('td', { 'data-label': 'Session' }, el('a', { href: href(`/sessions/${id}`), 'data-testid': `sessions-link-${id}` }, `#${id}`)),
    el('td', { 'data-label': 'Charger' }, `${s.chargeBoxId} · ${s.connectorId}`),
    el('td', { 'data-label': 'Customer' }, s.customer?.name ?? el('span', { class: 'muted' }, 'no customer'), el('br'), el('span', { class: 'small muted' }, s.idTag)),
    el('td', { 'data-label': 'Started' }, when(s.startedAt)),
    el('td', { 'data-label': 'State', 'data-testid': `sessions-state-${id}` }, s.stoppedAt === null ? el('strong', { class: 'state-active' }, stateText(s)) : `${stateText(s)} ${when(s.stoppedAt)}`),
    figure('Energy', kWh(s.energyWh), `sessions-energy-${id}`, s.energyWh),
    figure('Power', s.stoppedAt === null ? kW(s.latestPowerW) : '–', `sessions-power-${id}`, s.stoppedAt === null ? s.latestPowerW : null),
    figure('SoC', pct(s.latestSocPercent), `sessions-soc-${id}`, s.latestSocPercent));
}

/**
 * A running row's figures from session.updated; an event older than the reading shown changes nothing.
 * @param {HTMLElement} root @param {import('../types.js').SessionUpdate} e
 */
export function applyUpdate(root, e) {
  const tr = find(`sessions-row-${e.sessionId}`, root);
  if (!tr || tr.dataset.state !== 'active') return;
  if (tr.dataset.readingAt && Date.parse(tr.dataset.readingAt) > Date.parse(e.at)) return;
  tr.dataset.readingAt = e.at;
  /** @param {string} name @param {number | null | undefined} value @param {string} text */
  const set = (name, value, text) => {
    const cell = find(`sessions-${name}-${e.sessionId}`, tr);
    if (!cell || value === undefined) return;
    cell.dataset.value = String(value ?? '');
    cell.textContent = text;
  };
  set('energy', e.energyWh, kWh(e.energyWh));
  set('power', e.powerW, kW(e.powerW));
  set('soc', e.socPercent, pct(e.socPercent));
}

/** @type {import('../router.js').View} */
export const sessionsView = {
  name: 'sessions', path: /^\/sessions\/?$/, title: 'Sessions',
  render(root, { query }) {
    root.classList.add('console-view');
    const list = el('div', { 'data-testid': 'sessions-list' });
    root.append(el('div', { class: 'card wide' },
      el('div', { class: 'view-head' },
        el('h2', {}, 'Sessions'),
        el('a', { class: 'button-link', href: csvHref('/exports/sessions.csv', sessionFilter(query)), download: 'sessions.csv', 'data-testid': 'sessions-csv' }, 'Download CSV')),
      el('p', { class: 'small muted' }, 'Every charging session, newest first. Charging rows follow the charger live. '
        + 'The CSV holds the sessions of the filter shown (the last 30 days unless dates are given).'),
      filterForm(PATH, FILTERS, query, 'sessions-filter'),
      list));

    const loads = newestOnly();
    async function load() {
      const mine = loads.start();
      try {
        const page = await getPage(apiPath(PATH, { ...sessionFilter(query), limit: query.get('limit'), cursor: query.get('cursor') }));
        if (!loads.isNewest(mine)) return;
        replace(list,
          table('Sessions', ['Session', 'Charger · connector', 'Customer · tag', 'Started', 'State', 'Energy', 'Power', 'SoC'],
            page.items.map(row), 'sessions-table', 'No session matches these filters.'),
          pager(PATH, query, page.nextCursor, 'sessions-pager'));
        markLoaded(root);
      } catch (err) {
        if (loads.isNewest(mine)) replace(list, loadError(err, 'the sessions'));
      }
    }
    const reloads = throttled(() => void load(), RELOAD_MS); // follows a busy stream without starving
    const reload = () => reloads.poke();
    const off = onLive((name, data) => {
      if (name === 'session.updated') applyUpdate(root, /** @type {import('../types.js').SessionUpdate} */ (data));
      else if (name === 'session.started' || name === 'session.stopped' || name === 'session.closed' || name === 'resync') reload();
    });
    void load();
    return () => { loads.leave(); off(); reloads.cancel(); };
  },
};
