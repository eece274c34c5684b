// Sites (load management, issue 17): per site, its grid connection's limit against what the load balancer
// allocated and what the sessions measurably draw (a bar: allocated filled, measured as a line over it), and each
// running session's limit and why (the reason in the operator's words on hover), and a chart of the last 6 hours.
// The overview re-reads them on every site.updated, and after session.updated at most once per SITE_REFRESH_MS.
import { el, replace } from './dom.js';
import { api, describeError } from './api.js';
import { timeSeriesChart } from './charts.js';

export const SITE_REFRESH_MS = 2_000;
const HISTORY_HOURS = 6;

/** @param {number | null | undefined} a */
const amps = (a) => (a === null || a === undefined ? '–' : `${a} A`);

/** A figure with its raw value for tests and screen readers. @param {string} testid @param {string} label @param {number | null} a */
const figure = (testid, label, a) => el('span', { class: 'figure', 'data-testid': testid, 'data-value': a ?? '' }, `${label} ${amps(a)}`);

/** @param {import('./types.js').SiteDetail} s */
function gauge(s) {
  const scale = Math.max(s.maxCurrentA, s.load.allocatedA, s.load.measuredA ?? 0);
  const share = (/** @type {number} */ a) => `${Math.min(100, (a / scale) * 100).toFixed(1)}%`;
  return el('div', {
    class: 'gauge', 'data-testid': `site-gauge-${s.id}`, role: 'img',
    'aria-label': `allocated ${amps(s.load.allocatedA)}, measured ${amps(s.load.measuredA)} of ${amps(s.maxCurrentA)}`,
  },
  el('div', { class: 'gauge-allocated', style: `width: ${share(s.load.allocatedA)}` }),
  s.load.measuredA === null ? null : el('div', { class: 'gauge-measured', style: `left: ${share(s.load.measuredA)}` }));
}

/** @param {import('./types.js').SiteDetail} s @param {import('./types.js').SessionLoad} x */
function sessionRow(s, x) {
  const station = s.stations.find((st) => st.stationId === x.stationId);
  const paused = x.limitA === 0;
  return el('div', {
    class: paused ? 'site-session paused' : 'site-session', 'data-testid': `site-session-${x.sessionId}`,
    'data-limit': x.limitA ?? '', 'data-reason': x.reason ?? '', title: x.reasonText ?? 'not balanced yet',
  },
  el('strong', {}, `#${x.sessionId}`),
  el('span', {}, `${station?.name ?? station?.chargeBoxId ?? `station ${x.stationId}`} #${x.connectorId}`),
  el('span', {}, paused ? 'paused' : `limit ${amps(x.limitA)}`),
  el('span', { class: 'muted' }, x.reason ?? '–'),
  el('span', { class: 'muted' }, `draws ${amps(x.measuredA)}`));
}

/**
 * Measured and allocated current at each load-balancer run against the site's limit (dashed), up to now.
 * @param {HTMLElement} box @param {import('./types.js').SiteDetail} s @param {import('./types.js').LoadPoint[]} history
 */
function siteChart(box, s, history) {
  const times = history.map((p) => Date.parse(p.at));
  return timeSeriesChart(box, {
    times,
    range: [Math.min(times[0] ?? Date.now(), Date.now() - HISTORY_HOURS * 3_600_000), Date.now()],
    label: `measured and allocated current over the last ${HISTORY_HOURS} h against the ${s.maxCurrentA} A limit`,
    testid: `site-chart-${s.id}`,
    height: 160,
    series: [
      { label: 'measured', unit: 'A', values: history.map((p) => p.measuredA), color: '#1d2430' },
      { label: 'allocated', unit: 'A', values: history.map((p) => p.allocatedA), color: '#1f6feb' },
      { label: 'limit', unit: 'A', values: history.map(() => s.maxCurrentA), color: '#cf222e', dashed: true },
    ],
  });
}

/** @param {import('./types.js').SiteDetail} s @param {HTMLElement} chartBox */
function siteCard(s, chartBox) {
  return el('article', { class: 'row site', 'data-testid': `site-${s.id}` },
    el('div', { class: 'site-head' },
      el('strong', {}, s.name),
      figure(`site-allocated-${s.id}`, 'allocated', s.load.allocatedA),
      figure(`site-measured-${s.id}`, 'measured', s.load.measuredA),
      figure(`site-limit-${s.id}`, 'limit', s.maxCurrentA),
      el('span', { class: 'muted small' }, `${s.strategy} · ${s.phases} phase${s.phases === 1 ? '' : 's'} · fail-safe ${amps(s.failsafeCurrentA)}`)),
    gauge(s),
    chartBox,
    s.load.sessions.length === 0 ? el('p', { class: 'muted small' }, 'No sessions charging.')
      : el('div', { class: 'site-sessions' }, s.load.sessions.map((x) => sessionRow(s, x))));
}

/** The sites card's list: loads every site with its history into `list`, its charts replacing the last load's. */
export function siteList(/** @type {HTMLElement} */ list) {
  /** @type {import('./charts.js').TimeSeriesChart[]} */
  let charts = [];
  const clear = () => { for (const c of charts) c.destroy(); charts = []; };
  return {
    async load() {
      try {
        /** @type {Array<{ id: number }>} */
        const sites = await api.get('/sites');
        /** @type {Array<[import('./types.js').SiteDetail, import('./types.js').LoadPoint[]]>} */
        const details = await Promise.all(sites.map((s) => Promise.all([api.get(`/sites/${s.id}`), api.get(`/sites/${s.id}/load-history?hours=${HISTORY_HOURS}`)])));
        clear();
        replace(list, details.length === 0 ? el('p', { class: 'muted', 'data-testid': 'no-sites' }, 'No sites: chargers are not load-managed.')
          : details.map(([s, history]) => {
            const box = el('div', { class: 'chart-box' });
            const card = siteCard(s, box);
            charts.push(siteChart(box, s, history));
            return card;
          }));
      } catch (err) {
        replace(list, el('p', { class: 'error' }, `Could not load the sites: ${describeError(err)}`));
      }
    },
    /** The view was left. */
    destroy: clear,
  };
}
