// What the console's list views share: a filter form whose values live in the address (so a filtered page can be bookmarked and the back button
// returns to it), the pager's links, a table, and the few formats the lists show.
import { el, find } from '../dom.js';
import { describeError, token } from '../api.js';
import { href, navigate } from '../router.js';

/** The API path with the given query, empty values left out. @param {string} path @param {Record<string, string | number | null | undefined>} query */
export function apiPath(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

/**
 * A CSV export of the filter a list shows (GET /api/exports/…csv takes the list's filters). A link cannot send
 * the Authorization header, so it carries the token as ?access_token=, which the export routes accept for downloads.
 * @param {string} path  '/exports/invoices.csv' @param {Record<string, string | number | null | undefined>} filter
 */
export const csvHref = (path, filter) => `/api${apiPath(path, { ...filter, access_token: token.get() })}`;

/** @param {URLSearchParams} query @returns {Record<string, string>} */
export const queryObject = (query) => Object.fromEntries(query);

/**
 * @typedef {object} FilterField
 * @property {string} name  the address's query key
 * @property {string} label
 * @property {'text' | 'search' | 'number' | 'date' | 'select'} [type]
 * @property {Array<[string, string]>} [options]  for a select: [value, text]; '' is "any"
 * @property {string} [placeholder]
 */

/** The filter field that had the focus when its form was applied: the view's new form gives it back. */
let focusedFilter = /** @type {string | null} */ (null);

/**
 * A filter form over the view's address: applying it goes to the view's first page with the new values (a new
 * history entry, so back returns to the previous filter); a select applies as soon as it changes.
 * @param {string} path  the view's path ('/sessions') @param {FilterField[]} fields @param {URLSearchParams} query
 * @param {string} testid
 */
export function filterForm(path, fields, query, testid) {
  const inputs = fields.map((f) => {
    const value = query.get(f.name) ?? '';
    const attrs = { name: f.name, 'data-testid': `${testid}-${f.name}` };
    if (f.type === 'select') {
      const select = el('select', attrs, ...(f.options ?? []).map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
      select.addEventListener('change', () => form.requestSubmit());
      return el('label', {}, el('span', {}, f.label), select);
    }
    return el('label', {}, el('span', {}, f.label),
      el('input', { ...attrs, type: f.type ?? 'text', value, placeholder: f.placeholder, min: f.type === 'number' ? 1 : undefined }));
  });
  const form = el('form', { class: 'form console-filters', role: 'search', 'data-testid': testid, 'aria-label': 'Filters' },
    el('div', { class: 'fields' }, inputs),
    el('div', { class: 'buttons' },
      el('button', { type: 'submit', 'data-testid': `${testid}-apply` }, 'Apply'),
      el('a', { class: 'button-link', href: href(path), 'data-testid': `${testid}-clear` }, 'Clear filters')));
  if (focusedFilter?.startsWith(testid)) {
    const again = focusedFilter;
    setTimeout(() => find(again, form)?.focus()); // once the view has put the form in the page
  }
  focusedFilter = null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    focusedFilter = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.testid ?? null;
    /** @type {Record<string, string>} */
    const values = {};
    for (const [k, v] of new FormData(form)) values[k] = String(v).trim();
    navigate(href(path, values)); // no cursor: a new filter starts at its first page
  });
  return form;
}

/**
 * First page / next page links of a keyset-paged list; the back button returns to the page before.
 * @param {string} path @param {URLSearchParams} query @param {string | null} nextCursor @param {string} testid
 */
export function pager(path, query, nextCursor, testid) {
  const here = queryObject(query);
  const onFirst = !here.cursor;
  return el('nav', { class: 'console-pager', 'aria-label': 'Pages', 'data-testid': testid },
    onFirst ? null : el('a', { class: 'button-link', href: href(path, { ...here, cursor: null }), 'data-testid': `${testid}-first` }, '« First page'),
    nextCursor ? el('a', { class: 'button-link', href: href(path, { ...here, cursor: nextCursor }), 'data-testid': `${testid}-next`, rel: 'next' }, 'Next page »')
      : el('span', { class: 'small muted', 'data-testid': `${testid}-end` }, onFirst ? '' : 'Last page'));
}

/**
 * A table whose header row names its columns; each row comes made (a <tr>), so a view can update it in place.
 * @param {string} caption @param {string[]} headers @param {HTMLTableRowElement[]} rows @param {string} testid
 * @param {string} emptyText
 */
export function table(caption, headers, rows, testid, emptyText) {
  if (rows.length === 0) return el('p', { class: 'muted', 'data-testid': `${testid}-empty` }, emptyText);
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'console-table', 'data-testid': testid },
      el('caption', { class: 'sr-only' }, caption),
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows)));
}

/** A view's "could not load" line, in place of its table. @param {unknown} err @param {string} what */
export const loadError = (err, what) => el('p', { class: 'error', role: 'alert', 'data-testid': 'view-error' }, `Could not load ${what}: ${describeError(err)}`);

/** @param {number} minor @param {string} currency */
export const money = (minor, currency) => `${(minor / 100).toFixed(2)} ${currency}`;

/** 2026-12-03 14:05 in the browser's time zone (a log reads better than a locale's long form). @param {string | null | undefined} iso */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** 14:05, the browser's time zone, 24-hour whatever the locale. @param {string} iso */
export function clock(iso) {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** YYYY-MM-DD of a local day. @param {Date} d */
export function dayText(d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Local midnight of a YYYY-MM-DD (null if it is not one), `days` later. @param {string | null | undefined} text @param {number} [days] */
export function dayStart(text, days = 0) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
}

/**
 * The address's from/to days (YYYY-MM-DD, both inclusive, as the form shows them) as the API's instants:
 * from's midnight up to the midnight after `to`.
 * @param {URLSearchParams} query @returns {{ from: string | undefined, to: string | undefined }}
 */
export function dayRange(query) {
  return { from: dayStart(query.get('from'))?.toISOString(), to: dayStart(query.get('to'), 1)?.toISOString() };
}

/**
 * Numbers a view's loads so that only the newest one draws: an older answer arriving late would put back what a
 * newer one removed (a row just voided). leave() makes every answer still in flight stale (the view was left).
 */
export function newestOnly() {
  let n = 0;
  return {
    start: () => ++n,
    /** @param {number} k */
    isNewest: (k) => k === n,
    leave: () => { n += 1; },
  };
}
