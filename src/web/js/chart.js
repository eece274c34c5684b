// A session's charging curve as inline SVG: power (kW, left axis) and SoC (%, right axis) over time.
// Built with createElementNS and textContent only.

const NS = 'http://www.w3.org/2000/svg';
const PAD = { left: 44, right: 40, top: 14, bottom: 28 };

/** @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [text] */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {Array<[number, number]>} points  [x, y] @param {string} cls @param {string} testid */
function line(points, cls, testid) {
  if (points.length === 0) return null;
  return svg('polyline', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '), class: cls, 'data-testid': testid, fill: 'none' });
}

/** series: [{ at, powerW, socPercent, meterWh }] from GET /api/sessions/:id; widthPx: the box it goes in, so
 * one SVG unit is about one pixel and the labels read the same on a phone and a desktop.
 * @param {import('./types.js').CurvePoint[]} series @param {number} [widthPx] */
export function curveSvg(series, widthPx = 640) {
  const W = Math.round(Math.min(760, Math.max(300, widthPx)));
  const H = Math.round(Math.min(260, Math.max(180, W * 0.4)));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'charging curve', 'data-testid': 'curve-svg', class: 'chart' });
  const pts = series.map((p) => ({ t: Date.parse(p.at), kw: p.powerW === null ? null : p.powerW / 1000, soc: p.socPercent }));
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'no meter values yet'));
    return root;
  }
  const t0 = first.t;
  const t1 = Math.max(last.t, t0 + 1000);
  const maxKw = Math.max(1, ...pts.map((p) => p.kw ?? 0)) * 1.1;
  const x = (/** @type {number} */ t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const yOf = (/** @type {number} */ v, /** @type {number} */ max) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);

  for (const f of [0, 0.5, 1]) {
    const y = yOf(f, 1);
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'gridline' }));
    root.append(svg('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis power' }, `${(maxKw * f).toFixed(0)} kW`));
    root.append(svg('text', { x: W - PAD.right + 6, y: y + 4, class: 'axis soc' }, `${Math.round(100 * f)}%`));
  }
  const mins = (t1 - t0) / 60000;
  root.append(svg('text', { x: PAD.left, y: H - 8, class: 'axis' }, new Date(t0).toLocaleTimeString()));
  root.append(svg('text', { x: W - PAD.right, y: H - 8, 'text-anchor': 'end', class: 'axis' }, `+${mins < 1 ? `${Math.round(mins * 60)} s` : `${mins.toFixed(1)} min`}`));

  // The filters leave only readings with a value, hence the casts to number.
  const power = line(pts.filter((p) => p.kw !== null).map((p) => [x(p.t), yOf(/** @type {number} */ (p.kw), maxKw)]), 'power', 'curve-power');
  const soc = line(pts.filter((p) => p.soc !== null).map((p) => [x(p.t), yOf(/** @type {number} */ (p.soc), 100)]), 'soc', 'curve-soc');
  if (power) root.append(power);
  if (soc) root.append(soc);
  return root;
}
