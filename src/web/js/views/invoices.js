// Invoices (#/invoices?status=unpaid|paid|void&from=&to=&q=&cursor=): newest first, filtered and paged by the
// address; an unpaid one can be paid or voided in its row; "Download CSV" exports exactly the filter shown
// (GET /api/exports/invoices.csv with the same parameters). A payment or void anywhere updates its row in place.
import { el, find, replace } from '../dom.js';
import { getPage } from '../api.js';
import { resultBox } from '../message.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { throttled } from '../throttle.js';
import { apiPath, csvHref, dayRange, filterForm, loadError, money, pager, table, when, newestOnly } from './list-kit.js';
import { invoiceActions } from './invoice-actions.js';

const PATH = '/invoices';

/** @type {import('./list-kit.js').FilterField[]} */
const FILTERS = [
  { name: 'q', label: 'Search', type: 'search', placeholder: 'INV-…, tag, charger or customer' },
  { name: 'status', label: 'Status', type: 'select', options: [['', 'Any'], ['unpaid', 'Unpaid'], ['paid', 'Paid'], ['void', 'Void']] },
  { name: 'from', label: 'Issued from', type: 'date' },
  { name: 'to', label: 'Issued until', type: 'date' },
];

/** The list's and the export's filter, from the address. @param {URLSearchParams} q */
function invoiceFilter(q) {
  const { from, to } = dayRange(q);
  return { status: q.get('status'), q: q.get('q'), from, to };
}

/** @param {import('../types.js').InvoiceRow} i @param {HTMLElement} box @param {() => void} reload */
function row(i, box, reload) {
  return el('tr', { 'data-testid': `invoices-row-${i.id}`, 'data-status': i.status },
    el('td', { 'data-label': 'Invoice' }, el('strong', {}, i.number)),
    el('td', { 'data-label': 'Session' }, el('a', { href: href(`/sessions/${i.sessionId}`) }, `#${i.sessionId}`)),
    el('td', { 'data-label': 'Customer' }, i.customerName ?? el('span', { class: 'muted' }, 'no customer')),
    el('td', { 'data-label': 'Issued' }, when(i.issuedAt)),
    el('td', { 'data-label': 'Total', class: 'num' }, money(i.totalMinor, i.currency)),
    el('td', { 'data-label': 'Status', 'data-testid': `invoices-status-${i.id}` },
      i.status === 'paid' ? `paid ${when(i.paidAt)}` : i.status === 'void' ? `void: ${i.voidReason ?? ''}` : el('strong', {}, 'unpaid')),
    el('td', { 'data-label': 'Actions', 'data-testid': `invoices-actions-${i.id}` }, i.status === 'unpaid' ? invoiceActions(i, box, reload) : null));
}

/** @type {import('../router.js').View} */
export const invoicesView = {
  name: 'invoices', path: /^\/invoices\/?$/, title: 'Invoices',
  render(root, { query }) {
    root.classList.add('console-view');
    const list = el('div', { 'data-testid': 'invoices-list' });
    const result = resultBox('invoices-result');
    root.append(el('div', { class: 'card wide' },
      el('div', { class: 'view-head' },
        el('h2', {}, 'Invoices'),
        el('a', { class: 'button-link', href: csvHref('/exports/invoices.csv', invoiceFilter(query)), download: 'invoices.csv', 'data-testid': 'invoices-csv' }, 'Download CSV')),
      el('p', { class: 'small muted' }, 'Every stopped session is invoiced. The CSV holds the invoices of the filter shown.'),
      filterForm(PATH, FILTERS, query, 'invoices-filter'),
      result, list));

    const loads = newestOnly();
    async function load() {
      const mine = loads.start();
      try {
        const page = await getPage(apiPath(PATH, { ...invoiceFilter(query), limit: query.get('limit'), cursor: query.get('cursor') }));
        if (!loads.isNewest(mine)) return;
        replace(list,
          table('Invoices', ['Invoice', 'Session', 'Customer', 'Issued', 'Total', 'Status', 'Actions'],
            page.items.map((i) => row(i, result, reload)), 'invoices-table', 'No invoice matches these filters.'),
          pager(PATH, query, page.nextCursor, 'invoices-pager'));
        markLoaded(root);
      } catch (err) {
        if (loads.isNewest(mine)) replace(list, loadError(err, 'the invoices'));
      }
    }
    const reloads = throttled(() => void load(), 300); // follows a busy stream without starving
    const reload = () => reloads.poke();
    const off = onLive((name, data) => {
      // A payment or void of a row shown redraws the page (its row then shows its new status); a new invoice
      // shows on the first page only, where it belongs.
      const id = /** @type {{ invoiceId?: number } | null} */ (data)?.invoiceId;
      if ((name === 'invoice.paid' || name === 'invoice.voided') && id !== undefined && find(`invoices-row-${id}`, root)) reload();
      else if ((name === 'invoice.issued' && !query.get('cursor')) || name === 'resync') reload();
    });
    void load();
    return () => { loads.leave(); off(); reloads.cancel(); };
  },
};
