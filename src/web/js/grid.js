// Stations and their connectors, coloured by the real OCPP status the charger reported. "Maintenance" is shown
// only where /api/dashboard says so (connectorsLive[].maintenance); the page never derives it. A connector of
// an offline station is shown as offline, its last reported status only as secondary text: nobody knows it now.
import { $, el, kW, replace } from './dom.js';

/** @typedef {import('./types.js').ConnectorLive} ConnectorLive */

/** @param {ConnectorLive[]} connectors @returns {ConnectorLive[][]} */
function byStation(connectors) {
  /** @type {Map<number, ConnectorLive[]>} */
  const groups = new Map();
  for (const c of connectors) {
    if (!groups.has(c.stationId)) groups.set(c.stationId, []);
    groups.get(c.stationId)?.push(c);
  }
  return [...groups.values()].map((cs) => cs.sort((a, b) => a.connectorId - b.connectorId));
}

/** @param {ConnectorLive} c */
function connectorCard(c) {
  const id = `${c.stationId}-${c.connectorId}`;
  return el('div', {
    class: 'connector', 'data-testid': `connector-${id}`, 'data-status': c.online ? c.status : 'offline',
    'data-last-status': c.status, 'data-maintenance': c.maintenance ? 'true' : 'false',
  },
  el('span', { class: 'num' }, `#${c.connectorId}`),
  el('span', { class: 'status', 'data-testid': `connector-status-${id}` }, c.online ? c.status : 'offline'),
  c.online ? null : el('span', { class: 'last', 'data-testid': `connector-last-${id}` }, `last reported ${c.status}`),
  c.activeSession ? el('span', { class: 'small' }, kW(c.activeSession.powerW)) : null,
  c.maintenance
    ? el('span', { class: 'maint', 'data-testid': `connector-maintenance-${id}`, title: c.maintenance.title }, `maintenance (${c.maintenance.scope})`)
    : null);
}

/** @param {import('./types.js').Dashboard} d */
export function renderGrid(d) {
  const stations = byStation(d.connectorsLive ?? []);
  replace($('station-grid'), stations.length === 0 ? el('p', { class: 'muted' }, 'No connectors reported yet.') : stations.map((cs) => {
    const first = /** @type {ConnectorLive} */ (cs[0]); // byStation makes no empty group
    return el('article', { class: 'station', 'data-testid': `station-${first.stationId}`, 'data-online': first.online ? 'true' : 'false' },
      el('header', {},
        el('strong', {}, first.stationName ?? first.chargeBoxId),
        el('span', { class: first.online ? 'badge on' : 'badge off', 'data-testid': `station-online-${first.stationId}` }, first.online ? 'online' : 'offline')),
      el('div', { class: 'small muted' }, `${first.chargeBoxId} · id ${first.stationId}`),
      el('div', { class: 'connectors' }, cs.map(connectorCard)));
  }));
}
