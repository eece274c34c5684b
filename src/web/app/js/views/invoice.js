// An invoice: its lines and total, and Pay. The card goes to the payment provider as a token: with
// PAYMENT_PROVIDER=test (the one shipped; it moves no money) the driver picks what the test card does. A retry
// after no answer reuses the attempt's Idempotency-Key, so it can never pay twice; a declined card leaves the
// invoice unpaid (and the session awaiting payment) for another try.
import { el, replace } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { onLive } from '../../../js/live-bus.js';
import { ApiError, driverApi, failureText } from '../driver-api.js';
import { money, when } from '../format.js';

const TEST_CARDS = [
  ['test-approve', 'Test card: approved'], ['test-decline', 'Test card: declined'], ['test-unavailable', 'Test card: provider down'],
];
const attemptKey = (/** @type {number} */ invoiceId) => `chargesync.driver.pay.${invoiceId}`;

/** The key of this invoice's payment attempt: the same until the provider has answered it. @param {number} invoiceId */
function idempotencyKey(invoiceId) {
  const kept = sessionStorage.getItem(attemptKey(invoiceId));
  if (kept) return kept;
  const key = crypto.randomUUID();
  sessionStorage.setItem(attemptKey(invoiceId), key);
  return key;
}

/** @param {any} inv @param {() => void} reload */
function payForm(inv, reload) {
  const card = el('select', { name: 'card', 'data-testid': 'pay-card' }, TEST_CARDS.map(([v, label]) => el('option', { value: v }, label)));
  const outcome = el('p', { 'data-testid': 'pay-outcome', role: 'status' });
  const button = el('button', { type: 'submit', class: 'primary big', 'data-testid': 'pay' }, `Pay ${money(inv.totalMinor, inv.currency)}`);
  const form = el('form', { class: 'card', 'data-testid': 'pay-form' }, el('label', {}, 'Card ', card), button, outcome);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    driverApi.post(`/invoices/${inv.id}/pay`, { paymentToken: card.value }, { 'Idempotency-Key': idempotencyKey(inv.id) }).then(
      () => { sessionStorage.removeItem(attemptKey(inv.id)); reload(); },
      (err) => {
        // The provider answered (declined, down): the next try is a new attempt. No answer at all: the same one.
        if (err instanceof ApiError && err.status !== 0) sessionStorage.removeItem(attemptKey(inv.id));
        outcome.className = 'error';
        replace(outcome, failureText(err));
        button.disabled = false;
      });
  });
  return form;
}

export const invoiceView = {
  name: 'invoice', nav: 'history', path: /^\/invoices\/(\d+)$/, title: 'Invoice',
  /** @param {HTMLElement} root @param {import('../../../js/router.js').Route} route */
  render(root, route) {
    const invoiceId = Number(route.params[0]);
    const load = () => driverApi.get(`/invoices/${invoiceId}`).then((inv) => {
      root.dataset.status = inv.status;
      replace(root,
        el('h1', {}, `Invoice ${inv.number}`),
        el('p', { class: 'muted' }, `Issued ${when(inv.issuedAt)}`),
        el('table', { class: 'lines' }, inv.lines.map((/** @type {any} */ l) =>
          el('tr', {}, el('td', {}, l.description), el('td', { class: 'num' }, money(l.amountMinor, inv.currency))))),
        el('p', { class: 'total' }, 'Total ', el('strong', { 'data-testid': 'invoice-total' }, money(inv.totalMinor, inv.currency))),
        el('p', { class: `chip ${inv.status}`, 'data-testid': 'invoice-status' }, inv.status === 'unpaid' ? 'Awaiting payment' : inv.status === 'paid' ? 'Paid' : 'Void'),
        inv.status === 'unpaid' ? payForm(inv, () => void load()) : null,
        inv.payment ? el('p', { class: 'small muted', 'data-testid': 'payment-reference' }, `Paid by ${inv.payment.method} ${inv.payment.reference ?? ''} on ${when(inv.payment.paidAt)}`) : null,
        el('p', {}, el('a', { href: `#/sessions/${inv.sessionId}` }, 'The charging session')));
      markLoaded(root);
    }, (err) => replace(root, el('p', { class: 'error' }, failureText(err))));
    void load();
    return onLive((name, data) => {
      if (name.startsWith('invoice.') && /** @type {any} */ (data)?.invoiceId === invoiceId) void load();
    });
  },
};
