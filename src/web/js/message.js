// Where an action's outcome shows: next to the control that caused it (a result box per form, button or list),
// kept until dismissed with its close button. say() is for the page as a whole (it could not load).
import { $, el, find } from './dom.js';
import { ApiError, describeError } from './api.js';

/** @param {string} kind  ok, warn or error @param {string} text */
export function say(kind, text) {
  const box = $('message');
  box.hidden = false;
  box.dataset.kind = kind;
  box.textContent = text;
}

/**
 * A result box, data-testid `testid`, with its text in `${testid}-text` and a `${testid}-close` button. Created once;
 * `{ after }` or `{ before }` (a node) places it beside that node the first time, outside a list that re-renders.
 * @param {string} testid @param {{ after?: Element, before?: Element }} [place] @returns {HTMLElement}
 */
export function resultBox(testid, { after, before } = {}) {
  const existing = find(testid);
  if (existing) return existing;
  const text = el('span', { class: 'result-text', 'data-testid': `${testid}-text` });
  const box = el('div', { class: 'result', 'data-testid': testid, role: 'status', 'aria-live': 'polite', hidden: true }, text,
    el('button', { type: 'button', class: 'result-close', 'data-testid': `${testid}-close`, 'aria-label': 'Dismiss', onclick: () => { box.hidden = true; } }, '×'));
  if (after) after.after(box);
  else if (before) before.before(box);
  return box;
}

/** @param {HTMLElement} box @param {string} kind @param {string} text */
function showIn(box, kind, text) {
  box.hidden = false;
  box.dataset.kind = kind;
  /** @type {Element} */ (box.querySelector('.result-text')).textContent = text;
}

/**
 * A command answer: { outcome, response | callError | reason }.
 * @param {string} label @param {import('./types.js').CommandAnswer | null | undefined} answer
 */
export function describeAnswer(label, answer) {
  if (!answer || typeof answer !== 'object') return `${label}: done`;
  const parts = [label];
  if (answer.outcome) parts.push(`outcome ${answer.outcome}`);
  if (answer.response?.status) parts.push(`status ${answer.response.status}`);
  if (answer.callError) parts.push(`call error ${answer.callError.code ?? ''} ${answer.callError.description ?? ''}`.trim());
  if (answer.reason) parts.push(String(answer.reason));
  if (answer.transactionId) parts.push(`transaction ${answer.transactionId}`);
  return parts.join(' · ');
}

/**
 * Runs an operator action and reports its answer or its error in `box` (a resultBox) beside it; never throws.
 * The answer is the API's JSON (any): `describe` names the shape it reads.
 * @param {HTMLElement} box @param {string} label @param {() => Promise<any>} fn
 * @param {(answer: any) => string} [describe]
 * @returns {Promise<any>} the answer, or null when the action failed
 */
export async function act(box, label, fn, describe = (r) => describeAnswer(label, r)) {
  /** @param {string} kind @param {string} text */
  const show = (kind, text) => showIn(box, kind, text);
  try {
    const result = await fn();
    const refused = result?.outcome && result.outcome !== 'answered';
    const status = result?.response?.status;
    const bad = refused || (status && !['Accepted', 'Unlocked', 'Scheduled'].includes(status));
    show(bad ? 'warn' : 'ok', describe(result));
    return result;
  } catch (err) {
    show('error', `${label} failed: ${describeError(err)}`);
    if (err instanceof ApiError && err.status === 401) window.dispatchEvent(new Event('chargesync:unauthorized'));
    return null;
  }
}
