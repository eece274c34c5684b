// Tiny DOM helpers. Text only ever goes in through textContent (never innerHTML), so data cannot become markup.

/**
 * What el() and replace() take as children: nodes, text, and nothing (null, undefined, false are skipped).
 * @typedef {Node | string | number | boolean | null | undefined | ChildList} Child
 * @typedef {Child[]} ChildList
 */

/**
 * el('div', { class: 'x', 'data-testid': 'y', onclick: fn }, 'text', child, …)
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === 'class') node.className = String(value);
    // Through CSSOM: the Content-Security-Policy (api/security-headers.ts) refuses style attributes.
    else if (key === 'style') node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** @param {Element} node @param {Child[]} children */
function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The element with this data-testid; the page's own fixed parts are always there, so a missing one is a bug.
 * @param {string} testid @param {ParentNode} [root] @returns {HTMLElement}
 */
export function $(testid, root = document) {
  const node = find(testid, root);
  if (!node) throw new Error(`no element with data-testid="${testid}"`);
  return node;
}

/** The element with this data-testid, or null where it may not be there (yet). @param {string} testid @param {ParentNode} [root] */
export const find = (testid, root = document) =>
  /** @type {HTMLElement | null} */ (root.querySelector(`[data-testid="${testid}"]`));

/** @param {Element} node @param {...Child} children */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** @param {number | null | undefined} wh */
export function kWh(wh) {
  if (wh === null || wh === undefined) return '–';
  return Math.abs(wh) < 1000 ? `${Math.round(wh)} Wh` : `${(wh / 1000).toFixed(2)} kWh`;
}
/** @param {number | null | undefined} w */
export const kW = (w) => (w === null || w === undefined ? '–' : `${(w / 1000).toFixed(1)} kW`);
/** @param {number | null | undefined} p */
export const pct = (p) => (p === null || p === undefined ? '–' : `${Math.round(p)} %`);

/** @param {number} seconds */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(s % 60)}s`;
}

/** @param {string | number | Date} iso */
export const hhmm = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A labelled form field. @param {string} label @param {HTMLElement} input */
export function field(label, input) {
  return el('label', {}, el('span', {}, label), input);
}

/**
 * @param {HTMLSelectElement} select
 * @param {Array<[string | number, string]>} items  [value, text]
 * @param {string | number} [selected]
 */
export function options(select, items, selected) {
  select.replaceChildren(...items.map(([value, text]) => {
    const o = el('option', { value }, text);
    if (String(value) === String(selected)) o.selected = true;
    return o;
  }));
}

/**
 * A session whose tag was not Accepted at StartTransaction (Invalid, Blocked, Expired, ConcurrentTx) is marked.
 * @param {string | null | undefined} status @param {string} testid
 */
export function refusedTag(status, testid) {
  if (!status || status === 'Accepted') return null;
  return el('span', { class: 'refused', 'data-testid': testid, title: 'the tag was not Accepted when this session started' }, `tag ${status}`);
}
