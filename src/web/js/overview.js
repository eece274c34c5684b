// Overview tiles: stations online/offline, active sessions, energy today, and connectors by OCPP status (those of
// offline stations counted apart as "offline"). They follow the event stream: session.updated carries energy,
// so while anything charges the tiles are re-read from /api/dashboard (views/overview.js, at most once a second).
import { $, el, kWh, replace } from './dom.js';

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
    d.sessions.awaitingPayment === undefined ? null : tile('ov-awaiting', 'awaiting payment', d.sessions.awaitingPayment),
    tile('ov-energy', 'energy today', kWh(d.energyTodayWh), d.energyTodayWh),
    tile('ov-maintenance', 'under maintenance', d.connectors.underMaintenance ?? 0));
  const statuses = Object.entries(d.connectors.byStatus ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (d.connectors.offline) statuses.push(['offline', d.connectors.offline]);
  replace($('overview-statuses'), statuses.length === 0
    ? el('span', { class: 'muted' }, 'no connectors reported yet')
    : statuses.map(([status, n]) => el('span', { class: 'chip', 'data-status': status, 'data-testid': `ov-status-${status}` }, `${status}: ${n}`)));
}
