// Sessions awaiting payment (their invoice is unpaid), with "mark paid". Each click sends its own
// Idempotency-Key, so a double click or a retried request records one payment (POST /api/invoices/:id/pay).
import { $, el, refusedTag, replace } from './dom.js';
import { api } from './api.js';
import { act, resultBox } from './message.js';
import { href } from './router.js';

/** @param {number} minor @param {string} currency */
const money = (minor, currency) => `${(minor / 100).toFixed(2)} ${currency}`;

/** @param {import('./types.js').AwaitingPayment[]} items @param {{ onPaid: () => void }} handlers */
export function renderAwaiting(items, { onPaid }) {
  // Rows leave the list once paid: the answer stays above it.
  const result = resultBox('awaiting-result', { before: $('awaiting-list') });
  replace($('awaiting-list'), items.length === 0
    ? el('p', { class: 'muted', 'data-testid': 'no-awaiting' }, 'Every finished session is paid.')
    : items.map((a) => {
      const method = el('select', { 'data-testid': `pay-method-${a.invoiceId}`, 'aria-label': 'payment method' },
        ...['card', 'cash', 'transfer', 'other'].map((m) => el('option', { value: m }, m)));
      const pay = async () => {
        const key = crypto.randomUUID();
        await act(result, `Invoice #${a.invoiceId}`, () => api.post(`/invoices/${a.invoiceId}/pay`, { method: method.value }, { 'idempotency-key': key }),
          () => `Invoice #${a.invoiceId} paid (${method.value}).`);
        onPaid();
      };
      return el('article', { class: 'row', 'data-testid': `awaiting-${a.sessionId}`, 'data-authorization': a.authorizationStatus ?? '' },
        el('div', { class: 'who' },
          el('strong', {}, a.customerName ?? 'No customer'),
          refusedTag(a.authorizationStatus, `awaiting-auth-${a.sessionId}`),
          el('span', { class: 'small muted' }, el('a', { href: href(`/sessions/${a.sessionId}`) }, `session #${a.sessionId}`), ' · ',
            el('a', { href: href(`/stations/${a.stationId}`) }, a.chargeBoxId ?? `station ${a.stationId}`), ` connector ${a.connectorId}`)),
        el('strong', { 'data-testid': `awaiting-total-${a.sessionId}` }, money(a.totalMinor, a.currency)),
        el('div', { class: 'buttons' }, method,
          el('button', { type: 'button', 'data-testid': `pay-${a.invoiceId}`, onclick: () => void pay() }, 'Mark paid')));
    }));
}
