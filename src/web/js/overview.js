// Overview tiles: stations online/offline, active sessions, energy today, and connectors by OCPP status.
import { $, el, kWh, replace } from './dom.js';

const tile = (testid, label, value) =>
  el('div', { class: 'tile', 'data-testid': testid }, el('span', { class: 'value' }, value), el('span', { class: 'label' }, label));

export function renderOverview(d) {
  replace($('overview-tiles'),
    tile('ov-online', 'stations online', d.stations.online),
    tile('ov-offline', 'stations offline', d.stations.offline),
    tile('ov-active', 'active sessions', d.sessions.active),
    tile('ov-energy', 'energy today', kWh(d.energyTodayWh)),
    tile('ov-maintenance', 'under maintenance', d.connectors.underMaintenance ?? 0));
  const statuses = Object.entries(d.connectors.byStatus ?? {}).sort(([a], [b]) => a.localeCompare(b));
  replace($('overview-statuses'), statuses.length === 0
    ? el('span', { class: 'muted' }, 'no connectors reported yet')
    : statuses.map(([status, n]) => el('span', { class: 'chip', 'data-status': status, 'data-testid': `ov-status-${status}` }, `${status}: ${n}`)));
}
