// The one visible message area: what the charger answered, or the API's error.
import { $ } from './dom.js';
import { ApiError, describeError } from './api.js';

export function say(kind, text) {
  const box = $('message');
  box.hidden = false;
  box.dataset.kind = kind;
  box.textContent = text;
}

/** A command answer: { outcome, response | callError | reason }. */
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

/** Runs an operator action and reports its answer or its error; never throws. */
export async function act(label, fn, describe = (r) => describeAnswer(label, r)) {
  try {
    const result = await fn();
    const refused = result?.outcome && result.outcome !== 'answered';
    const status = result?.response?.status;
    const bad = refused || (status && !['Accepted', 'Unlocked', 'Scheduled'].includes(status));
    say(bad ? 'warn' : 'ok', describe(result));
    return result;
  } catch (err) {
    say('error', `${label} failed: ${describeError(err)}`);
    if (err instanceof ApiError && err.status === 401) window.dispatchEvent(new Event('chargesync:unauthorized'));
    return null;
  }
}
