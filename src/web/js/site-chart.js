// A site's current over the last hours as inline SVG: what was measured and what was allocated at each load-balancer
// run (GET /api/sites/:id/load-history), against the site's limit (a dashed line). Built with createElementNS and
// textContent only, like chart.js.

const NS = 'http://www.w3.org/2000/svg';
const PAD = { left: 40, right: 10, top: 10, bottom: 22 };
const W = 640;
const H = 150;

/** @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [text] */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {Array<[number, number]>} points @param {string} cls @param {string} testid */
const polyline = (points, cls, testid) =>
  svg('polyline', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '), class: cls, 'data-testid': testid, fill: 'none' });

/** @param {import('./types.js').LoadPoint[]} history @param {number} limitA @param {number} siteId */
export function siteChartSvg(history, limitA, siteId) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart site-chart', 'data-testid': `site-chart-${siteId}`,
    'aria-label': `measured and allocated current over time against the ${limitA} A limit` });
  const pts = history.map((p) => ({ t: Date.parse(p.at), allocated: p.allocatedA, measured: p.measuredA }));
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'no load-balancer runs in the last hours'));
    return root;
  }
  const t0 = first.t;
  const t1 = Math.max(last.t, Date.now(), t0 + 60_000); // up to now: a quiet last hour shows as such
  const peakA = Math.max(...pts.map((p) => Math.max(p.allocated, p.measured ?? 0)));
  const maxA = Math.max(limitA, peakA) * 1.1;
  const x = (/** @type {number} */ t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (/** @type {number} */ a) => H - PAD.bottom - (a / maxA) * (H - PAD.top - PAD.bottom);
  for (const a of new Set([0, limitA, peakA])) root.append(svg('text', { x: PAD.left - 4, y: y(a) + 4, 'text-anchor': 'end', class: 'axis' }, `${a} A`));
  root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(limitA), y2: y(limitA), class: 'limit', 'data-testid': `site-chart-limit-${siteId}` }));
  root.append(svg('text', { x: PAD.left, y: H - 6, class: 'axis' }, new Date(t0).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  root.append(svg('text', { x: W - PAD.right, y: H - 6, 'text-anchor': 'end', class: 'axis' }, new Date(t1).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  root.append(polyline(pts.map((p) => [x(p.t), y(p.allocated)]), 'allocated', `site-chart-allocated-${siteId}`));
  const measured = pts.filter((p) => p.measured !== null).map((p) => /** @type {[number, number]} */ ([x(p.t), y(/** @type {number} */ (p.measured))]));
  if (measured.length > 0) root.append(polyline(measured, 'measured', `site-chart-measured-${siteId}`));
  return root;
}
