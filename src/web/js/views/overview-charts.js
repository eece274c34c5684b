// Energy and sessions per hour today and per day for the last 30 days (GET /api/stats/energy?bucket=hour|day):
// energy as bars (kWh), sessions started as a line on their own axis.
import { el, replace } from '../dom.js';
import { api, describeError } from '../api.js';
import { timeSeriesChart } from '../charts.js';
import { today } from '../bookings.js';

const DAY_MS = 86_400_000;
const DAYS = 30;

/** @param {import('../types.js').EnergyBucket[]} rows */
const seriesOf = (rows) => [
  { label: 'Energy', unit: 'kWh', kind: /** @type {const} */ ('bar'), values: rows.map((r) => r.energyWh / 1000), color: '#1f6feb' },
  { label: 'Sessions', unit: 'sessions', values: rows.map((r) => r.sessions), color: '#bf8700' },
];

/** The two charts in `box`; load() draws them (again). @param {HTMLElement} box */
export function energyCharts(box) {
  const hourBox = el('div', { class: 'chart-box' });
  const dayBox = el('div', { class: 'chart-box' });
  replace(box,
    el('figure', {}, el('figcaption', {}, 'Today, per hour'), hourBox),
    el('figure', {}, el('figcaption', {}, `Last ${DAYS} days, per day`), dayBox));
  /** @type {import('../charts.js').TimeSeriesChart[]} */
  let charts = [];
  const clear = () => { for (const c of charts) c.destroy(); charts = []; };

  return {
    async load() {
      const day0 = today();
      const from30 = new Date(day0.getTime() - (DAYS - 1) * DAY_MS);
      try {
        /** @type {[import('../types.js').EnergyBucket[], import('../types.js').EnergyBucket[]]} */
        const [hours, days] = await Promise.all([
          api.get(`/stats/energy?bucket=hour&from=${day0.toISOString()}`),
          api.get(`/stats/energy?bucket=day&from=${from30.toISOString()}`),
        ]);
        clear();
        charts = [
          timeSeriesChart(hourBox, {
            times: hours.map((r) => Date.parse(r.at)), series: seriesOf(hours), range: [day0.getTime(), day0.getTime() + DAY_MS],
            label: 'Energy delivered and sessions started per hour today', testid: 'chart-energy-hour', height: 200,
          }),
          timeSeriesChart(dayBox, {
            times: days.map((r) => Date.parse(r.at)), series: seriesOf(days), range: [from30.getTime(), day0.getTime() + DAY_MS],
            label: `Energy delivered and sessions started per day, last ${DAYS} days`, testid: 'chart-energy-day', height: 200,
          }),
        ];
      } catch (err) {
        replace(hourBox, el('p', { class: 'error' }, `Could not load the energy figures: ${describeError(err)}`));
        dayBox.replaceChildren();
      }
    },
    destroy: clear,
  };
}
