// A session's charging curve on the console's chart (charts.js, uPlot): power, energy delivered and state of
// charge against clock time, from GET /api/sessions/{id}'s series. Redrawn in place as readings arrive.
import { timeSeriesChart } from '../charts.js';

/** @typedef {import('../types.js').CurvePoint} CurvePoint */

/** @param {CurvePoint[]} series @param {number} meterStartWh */
function columns(series, meterStartWh) {
  const points = [...series].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    times: points.map((p) => Date.parse(p.at)),
    values: [
      points.map((p) => (p.powerW === null ? null : p.powerW / 1000)),
      points.map((p) => (p.meterWh === null || p.meterWh === undefined ? null : Math.max(0, p.meterWh - meterStartWh) / 1000)),
      points.map((p) => p.socPercent),
    ],
  };
}

/**
 * Draws the curve in `box`; update() redraws it with a newer series.
 * @param {HTMLElement} box @param {number} sessionId @param {number} meterStartWh @param {CurvePoint[]} series
 */
export function sessionCurve(box, sessionId, meterStartWh, series) {
  const data = columns(series, meterStartWh);
  const chart = timeSeriesChart(box, {
    times: data.times,
    series: [
      { label: 'Power', unit: 'kW', values: data.values[0] ?? [] },
      { label: 'Energy', unit: 'kWh', values: data.values[1] ?? [] },
      { label: 'SoC', unit: '%', values: data.values[2] ?? [], dashed: true },
    ],
    label: `Charging curve of session #${sessionId}: power, energy and state of charge against clock time`,
    testid: 'session-curve',
    height: 260,
  });
  return {
    /** @param {CurvePoint[]} next */
    update(next) {
      const d = columns(next, meterStartWh);
      chart.setData(d.times, d.values);
    },
    destroy: () => chart.destroy(),
  };
}
