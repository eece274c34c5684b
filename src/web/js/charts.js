// Time-series charts on uPlot (npm uplot: small, fast, canvas, no dependencies), served as it ships from
// node_modules/uplot/dist at /vendor/uplot/ (api/http-app.ts): no bundler. The x axis reads as a clock
// (HH:MM within a day or two, dates beyond), each unit gets its own y axis, and a chart follows its box's width.
//
// The chart is drawn on a canvas, so the x labels it drew are also kept on the wrapper as data-x-labels
// ("08:00|10:00|…"), and its aria-label says what it shows: screen readers and tests can read them.

// Loaded by URL relative to this module (/js/charts.js → /vendor/uplot/uPlot.esm.js) the first time a chart is
// drawn, not when the console starts: should it fail to load (or to start: it refuses a browser whose language is
// no valid tag, such as Chromium's "en-US@posix" under LANG=C), a chart says so and the rest of the page works.
const UPLOT_URL = '../vendor/uplot/uPlot.esm.js';
/** @type {Promise<typeof import('uplot')> | null} */
let loading = null;
const loadUPlot = () => (loading ??= import(UPLOT_URL).then((m) => m.default));

/**
 * @typedef {object} ChartSeries
 * @property {string} label  in the legend: "Energy"
 * @property {string} unit  "kWh", "kW", "%", "sessions": series of one unit share a y axis
 * @property {Array<number | null>} values  one per time; null leaves a gap
 * @property {string} [color]  a CSS colour; the palette's next one by default
 * @property {'line' | 'bar'} [kind]  line by default
 * @property {boolean} [dashed]
 *
 * @typedef {object} TimeSeriesOptions
 * @property {number[]} times  ms since the epoch, ascending
 * @property {ChartSeries[]} series
 * @property {string} label  what the chart shows, for its aria-label: "Energy per hour today"
 * @property {number} [height]  px; 220 by default
 * @property {string} [testid]  the wrapper's data-testid
 * @property {[number, number]} [range]  the x range shown (ms), e.g. the whole day; the data's own by default
 *
 * @typedef {object} TimeSeriesChart
 * @property {HTMLElement} element  the wrapper (data-testid, data-x-labels, data-points)
 * @property {(times: number[], values: Array<Array<number | null>>) => void} setData  same series, new points
 * @property {() => void} destroy  stops following the box's size and removes the chart
 */

const PALETTE = ['#1f6feb', '#1a7f37', '#bf8700', '#8250df', '#cf222e'];
const DAY_MS = 86_400_000;
const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/** 14:05, in 24-hour clock time whatever the locale. @param {Date} d */
export const clockTime = (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** "3 Dec". @param {Date} d */
export const shortDate = (d) => d.toLocaleDateString([], { day: 'numeric', month: 'short' });

/**
 * The x axis's labels: clock time when the chart spans two days or less, dates beyond; a day's midnight inside a
 * clock-time axis shows as its date, so a curve over midnight says where the day changed.
 * @param {number[]} splitsS  tick positions, s since the epoch @param {number} spanMs
 */
export function timeLabels(splitsS, spanMs) {
  return splitsS.map((s) => {
    const d = new Date(s * 1000);
    if (spanMs > 2 * DAY_MS) return shortDate(d);
    return d.getHours() === 0 && d.getMinutes() === 0 && spanMs > 6 * 3_600_000 ? shortDate(d) : clockTime(d);
  });
}

/** @param {string} unit @param {number} v */
function valueText(unit, v) {
  const digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 1;
  return `${v.toFixed(digits)}${unit === '%' ? ' %' : ` ${unit}`}`;
}

/** Units of things counted: their axis ticks are whole numbers. */
const COUNTED = new Set(['sessions', 'count']);

/** 0.25, 3, 1.2k @param {number} v */
function tickText(v) {
  if (Math.abs(v) >= 10_000) return `${Math.round(v / 1000)}k`;
  return String(Number(v.toFixed(Math.abs(v) >= 10 || Number.isInteger(v) ? 0 : 2)));
}

/** @param {ChartSeries[]} series @returns {string[]} the units in order of appearance */
const unitsOf = (series) => [...new Set(series.map((s) => s.unit))];

/**
 * uPlot's options for these series: an x axis in clock time, a y axis per unit, bars or lines.
 * @param {typeof import('uplot')} uPlot @param {TimeSeriesOptions} o @param {HTMLElement} element
 * @returns {import('uplot').Options}
 */
function options(uPlot, o, element) {
  const height = o.height ?? 220;
  const units = unitsOf(o.series);
  return {
    width: Math.max(240, element.parentElement?.clientWidth || 600),
    height,
    scales: {
      x: { time: true, ...(o.range ? { range: () => [/** @type {[number, number]} */ (o.range)[0] / 1000, /** @type {[number, number]} */ (o.range)[1] / 1000] } : {}) },
      ...Object.fromEntries(units.map((u) => [u, { auto: true, range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] }])),
    },
    axes: [
      {
        space: 60,
        values: (u, splits) => {
          const min = u.scales.x?.min ?? 0;
          const max = u.scales.x?.max ?? 0;
          const labels = timeLabels(splits, (max - min) * 1000);
          element.dataset.xLabels = labels.join('|');
          return labels;
        },
      },
      ...units.map((unit, i) => ({
        scale: unit,
        side: i % 2 === 0 ? 3 : 1, // left, right, left, …
        grid: { show: i === 0 },
        // The unit names the axis once; the ticks are plain numbers (whole ones for what is counted).
        label: unit,
        labelSize: 18,
        size: 48,
        ...(COUNTED.has(unit) ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000] } : {}),
        values: (/** @type {uPlot} */ _u, /** @type {number[]} */ splits) => splits.map((v) => tickText(v)),
      })),
    ],
    series: [
      { value: (_u, v) => (v === null ? '–' : `${shortDate(new Date(v * 1000))} ${clockTime(new Date(v * 1000))}`) },
      ...o.series.map((s, i) => {
        const color = s.color ?? PALETTE[i % PALETTE.length] ?? '#1f6feb';
        return {
          label: s.label,
          scale: s.unit,
          stroke: color,
          width: 2,
          ...(s.dashed ? { dash: [6, 4] } : {}),
          ...(s.kind === 'bar'
            // A bucket's time is its start (an hour, a day): its bar stands from there to the right.
            ? { fill: `${color}99`, paths: uPlot.paths.bars?.({ size: [0.8, 60], align: 1 }), points: { show: false } }
            : { spanGaps: false, points: { show: o.times.length < 40 } }),
          value: (/** @type {uPlot} */ _u, /** @type {number | null} */ v) => (v === null ? '–' : valueText(s.unit, v)),
        };
      }),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/**
 * A time-series chart in `container` (emptied first).
 * @param {HTMLElement} container @param {TimeSeriesOptions} o @returns {TimeSeriesChart}
 */
export function timeSeriesChart(container, o) {
  const element = document.createElement('div');
  element.className = 'ts-chart';
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', o.label);
  if (o.testid) element.dataset.testid = o.testid;
  container.replaceChildren(element);
  const height = o.height ?? 220;

  /** @param {number[]} times @param {Array<Array<number | null>>} values @returns {import('uplot').AlignedData} */
  const aligned = (times, values) => [times.map((t) => t / 1000), ...values];
  /** @type {import('uplot').AlignedData} */
  let data = aligned(o.times, o.series.map((s) => s.values));
  element.dataset.points = String(o.times.length);
  /** @type {import('uplot') | null} */
  let chart = null;
  let destroyed = false;
  // Follows the box's width (a rotated tablet, an opened sidebar); the height stays.
  const resize = new ResizeObserver(() => {
    const width = Math.max(240, container.clientWidth);
    if (chart && width !== chart.width) chart.setSize({ width, height });
  });
  loadUPlot().then((uPlot) => {
    if (destroyed) return;
    chart = new uPlot(options(uPlot, o, element), data, element);
    resize.observe(container);
  }).catch((err) => {
    console.error(err);
    element.dataset.failed = 'true';
    element.textContent = `The chart could not be drawn (${String(/** @type {Error} */ (err)?.message ?? err)}).`;
  });

  return {
    element,
    setData(times, values) {
      data = aligned(times, values);
      chart?.setData(data);
      element.dataset.points = String(times.length);
    },
    destroy() {
      destroyed = true;
      resize.disconnect();
      chart?.destroy();
      element.remove();
    },
  };
}
