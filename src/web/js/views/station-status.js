// A station's connection and its connectors' status as the Stations table and the Station page show them, and
// their update in place from connector.status and station.online/offline. A connector of an offline station shows
// as offline, its last reported status only as secondary text: nobody knows it now.
import { el } from '../dom.js';

/** @param {number} stationId @param {boolean} online */
export const onlineBadge = (stationId, online) =>
  el('span', { class: online ? 'badge on' : 'badge off', 'data-testid': `station-online-${stationId}` }, online ? 'online' : 'offline');

/** @param {number} stationId @param {number} connectorId @param {string} status @param {boolean} online */
export function connectorChip(stationId, connectorId, status, online) {
  const id = `${stationId}-${connectorId}`;
  return el('span', {
    class: 'conn', 'data-testid': `connector-${id}`, 'data-connector-id': connectorId, 'data-status': online ? status : 'offline', 'data-last-status': status,
    title: online ? `connector ${connectorId}: ${status}` : `connector ${connectorId}: offline, last reported ${status}`,
  },
  el('span', { class: 'num' }, connectorId === 0 ? 'CP' : `#${connectorId}`), ' ',
  el('span', { 'data-testid': `connector-status-${id}` }, online ? status : 'offline'),
  online ? null : el('span', { class: 'last', 'data-testid': `connector-last-${id}` }, `last reported ${status}`));
}

/** @param {HTMLElement} scope @returns {boolean} */
const isOnline = (scope) => scope.dataset.online === 'true';

/** A connector.status event: the chip in `scope` (a row, a page) changes, or is added. @param {HTMLElement} scope
 *  @param {number} stationId @param {number} connectorId @param {string} status */
export function setConnectorStatus(scope, stationId, connectorId, status) {
  const old = scope.querySelector(`[data-testid="connector-${stationId}-${connectorId}"]`);
  const chip = connectorChip(stationId, connectorId, status, isOnline(scope));
  if (old) { old.replaceWith(chip); return; }
  const box = scope.querySelector('.conn-chips');
  if (!box) return;
  const after = [...box.querySelectorAll('[data-connector-id]')].find((c) => Number(/** @type {HTMLElement} */ (c).dataset.connectorId) > connectorId);
  box.insertBefore(chip, after ?? null);
}

/** station.online / station.offline: the badge and every chip in `scope` follow. @param {HTMLElement} scope
 *  @param {number} stationId @param {boolean} online */
export function setOnline(scope, stationId, online) {
  scope.dataset.online = String(online);
  scope.querySelector(`[data-testid="station-online-${stationId}"]`)?.replaceWith(onlineBadge(stationId, online));
  for (const c of /** @type {NodeListOf<HTMLElement>} */ (scope.querySelectorAll('[data-connector-id]'))) {
    c.replaceWith(connectorChip(stationId, Number(c.dataset.connectorId), c.dataset.lastStatus ?? 'Unavailable', online));
  }
}
