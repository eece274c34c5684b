// Tiny DOM helpers. Text only ever goes in through textContent (never innerHTML), so data cannot become markup.

/** el('div', { class: 'x', 'data-testid': 'y', onclick: fn }, 'text', child, …) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    // Through CSSOM: the Content-Security-Policy (api/security-headers.ts) refuses style attributes.
    else if (key === 'style') node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);

export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

export function kWh(wh) {
  if (wh === null || wh === undefined) return '–';
  return Math.abs(wh) < 1000 ? `${Math.round(wh)} Wh` : `${(wh / 1000).toFixed(2)} kWh`;
}
export const kW = (w) => (w === null || w === undefined ? '–' : `${(w / 1000).toFixed(1)} kW`);
export const pct = (p) => (p === null || p === undefined ? '–' : `${Math.round(p)} %`);

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(s % 60)}s`;
}

export const hhmm = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A labelled form field. */
export function field(label, input) {
  return el('label', {}, el('span', {}, label), input);
}

export function options(select, items, selected) {
  select.replaceChildren(...items.map(([value, text]) => {
    const o = el('option', { value }, text);
    if (String(value) === String(selected)) o.selected = true;
    return o;
  }));
}

/** A session whose tag was not Accepted at StartTransaction (Invalid, Blocked, Expired, ConcurrentTx) is marked. */
export function refusedTag(status, testid) {
  if (!status || status === 'Accepted') return null;
  return el('span', { class: 'refused', 'data-testid': testid, title: 'the tag was not Accepted when this session started' }, `tag ${status}`);
}
