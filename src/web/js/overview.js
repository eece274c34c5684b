// Overview tiles: stations online/offline, active sessions, energy today, and connectors by OCPP status (those of
// offline stations counted apart as "offline"). They follow the event stream: session.updated carries energy,
// so while anything charges the tiles are re-read from /api/dashboard, at most once per TILE_REFRESH_MS.
import { $, el, kWh, replace } from './dom.js';

// Staff see a change within a second (the product rule); one dashboard read a second per open page at most.
const TILE_REFRESH_MS = 1_000;

/** @param {string} testid @param {string} label @param {string | number} value @param {number} [raw] */
const tile = (testid, label, value, raw) =>
  el('div', { class: 'tile', 'data-testid': testid, 'data-value': raw ?? value },
    el('span', { class: 'value' }, value), el('span', { class: 'label' }, label));

/** @param {import('./types.js').Dashboard} d */
export function renderOverview(d) {
  replace($('overview-tiles'),
    tile('ov-online', 'stations online', d.stations.online),
    tile('ov-offline', 'stations offline', d.stations.offline),
    tile('ov-active', 'active sessions', d.sessions.active),
    tile('ov-energy', 'energy today', kWh(d.energyTodayWh), d.energyTodayWh),
    tile('ov-maintenance', 'under maintenance', d.connectors.underMaintenance ?? 0));
  const statuses = Object.entries(d.connectors.byStatus ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (d.connectors.offline) statuses.push(['offline', d.connectors.offline]);
  replace($('overview-statuses'), statuses.length === 0
    ? el('span', { class: 'muted' }, 'no connectors reported yet')
    : statuses.map(([status, n]) => el('span', { class: 'chip', 'data-status': status, 'data-testid': `ov-status-${status}` }, `${status}: ${n}`)));
}

/**
 * poke() on every session.updated: the tiles are re-read from /api/dashboard at most once per TILE_REFRESH_MS
 * (the first at once, the rest at the end of the window), so a hundred chargers reporting never make a storm.
 * @param {() => Promise<import('./types.js').Dashboard>} loadDashboard
 */
export function tileRefresher(loadDashboard) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  let last = 0;
  const run = async () => {
    timer = null;
    last = Date.now();
    try { renderOverview(await loadDashboard()); } catch { /* the next full refresh reports errors */ }
  };
  return function poke() {
    if (timer) return;
    timer = setTimeout(() => void run(), Math.max(0, last + TILE_REFRESH_MS - Date.now()));
  };
}
