// A station's utilisation per day for the last 30 days (GET /api/stations/{id}/utilisation): the share of each day
// a session ran on each connector, as bars per connector, in %.
import { el, replace } from '../dom.js';
import { api, describeError } from '../api.js';
import { timeSeriesChart } from '../charts.js';

const DAYS = 30;

/** @typedef {{ day: string, connectorId: number, busyS: number, share: number }} UtilisationRow */

/** Draws the chart in `box`; returns what removes it. @param {number} stationId @param {HTMLElement} box */
export async function stationUtilisation(stationId, box) {
  try {
    /** @type {UtilisationRow[]} */
    const rows = await api.get(`/stations/${stationId}/utilisation?days=${DAYS}`);
    const days = [...new Set(rows.map((r) => Date.parse(r.day)))].sort((a, b) => a - b);
    const connectors = [...new Set(rows.map((r) => r.connectorId))].sort((a, b) => a - b);
    /** @type {Map<string, number>} */
    const share = new Map(rows.map((r) => [`${Date.parse(r.day)}/${r.connectorId}`, r.share * 100]));
    if (days.length === 0 || connectors.length === 0) {
      replace(box, el('p', { class: 'muted' }, 'No connector has reported yet.'));
      return () => {};
    }
    const chart = timeSeriesChart(box, {
      times: days, testid: 'station-utilisation-chart', height: 180,
      label: `Share of each day a session ran, per connector, last ${DAYS} days`,
      series: connectors.map((c) => ({
        label: `connector ${c}`, unit: '%', kind: /** @type {const} */ ('bar'), values: days.map((d) => share.get(`${d}/${c}`) ?? 0),
      })),
    });
    return () => chart.destroy();
  } catch (err) {
    replace(box, el('p', { class: 'error' }, `Could not load the utilisation: ${describeError(err)}`));
    return () => {};
  }
}
