// One line at the top of the page for what just happened or went wrong; it fades after a while.
import { $ } from '../../js/dom.js';

/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

/** @param {string} text @param {'info' | 'error'} [kind] */
export function say(text, kind = 'info') {
  const box = $('message');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 4000);
}
