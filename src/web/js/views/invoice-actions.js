// Paying and voiding an unpaid invoice, as the invoices list and a session's page both offer it. Each payment
// click sends its own Idempotency-Key (as payments.js does), so a double click or a retried request records one
// payment; voiding needs a reason (admin only: the API's 403 shows in the result box).
import { el } from '../dom.js';
import { api } from '../api.js';
import { act } from '../message.js';

const METHODS = ['card', 'cash', 'transfer', 'other'];

/**
 * The pay and void controls of one invoice; their answers go to `box` (a resultBox outside any re-rendered list).
 * @param {{ id: number, number: string }} invoice @param {HTMLElement} box @param {() => void} onDone
 */
export function invoiceActions(invoice, box, onDone) {
  const id = invoice.id;
  const method = el('select', { 'data-testid': `invoice-method-${id}`, 'aria-label': `payment method for ${invoice.number}` },
    ...METHODS.map((m) => el('option', { value: m }, m)));
  const reason = el('input', { 'data-testid': `invoice-void-reason-${id}`, 'aria-label': `reason to void ${invoice.number}`, placeholder: 'reason to void', maxlength: 500 });
  const pay = async () => {
    const key = crypto.randomUUID();
    const paid = await act(box, `Pay ${invoice.number}`, () => api.post(`/invoices/${id}/pay`, { method: method.value }, { 'idempotency-key': key }),
      () => `${invoice.number} paid (${method.value}).`);
    if (paid) onDone();
  };
  const voidIt = async () => {
    if (!reason.value.trim()) { reason.focus(); reason.setAttribute('aria-invalid', 'true'); return; }
    const voided = await act(box, `Void ${invoice.number}`, () => api.post(`/invoices/${id}/void`, { reason: reason.value.trim() }),
      () => `${invoice.number} void: ${reason.value.trim()}`);
    if (voided) onDone();
  };
  return el('div', { class: 'buttons invoice-actions' },
    method,
    el('button', { type: 'button', class: 'primary', 'data-testid': `invoice-pay-${id}`, onclick: () => void pay() }, 'Mark paid'),
    reason,
    el('button', { type: 'button', class: 'danger', 'data-testid': `invoice-void-${id}`, onclick: () => void voidIt() }, 'Void'));
}
