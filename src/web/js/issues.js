// Open maintenance issues: open one on a connector (0 = the whole station) and resolve it
// (open → in_progress → resolved, the steps the API allows).
import { $, el, field, replace } from './dom.js';
import { api } from './api.js';
import { act, resultBox } from './message.js';
import { href } from './router.js';
import { stationPicker } from './station-picker.js';

/** @param {import('./types.js').Ctx} ctx */
export function buildIssues(ctx) {
  const picker = stationPicker('issue-station');
  const station = picker.select;
  const connector = el('input', { name: 'connector', type: 'number', min: 0, value: 1, 'data-testid': 'issue-connector' });
  const title = el('input', { name: 'title', maxlength: 200, placeholder: 'What is wrong?', 'data-testid': 'issue-title', required: true });
  const form = $('issue-form');
  const opened = resultBox('issue-open-result');
  // Resolving happens in the list below, which re-renders: its result sits between the form and the list.
  const resolved = resultBox('issue-resolve-result', { after: form });
  form.replaceChildren(
    el('div', { class: 'fields' }, picker.fields, field('Connector (0 = station)', connector), field('Title', title)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': 'issue-open' }, 'Open issue')),
    opened);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const made = await act(opened, 'Open issue', () => api.post('/issues', {
      stationId: Number(station.value), connectorId: Number(connector.value || 0), title: title.value.trim(),
    }), (/** @type {import('./types.js').Issue} */ issue) => `Issue #${issue.id} opened on ${issue.connectorId === 0 ? 'the whole station' : `connector ${issue.connectorId}`}`);
    if (made) title.value = '';
    ctx.refresh();
  });

  /** @param {import('./types.js').Issue} issue */
  async function resolve(issue) {
    await act(resolved, `Resolve issue #${issue.id}`, async () => {
      if (issue.status === 'open') await api.patch(`/issues/${issue.id}`, { status: 'in_progress' });
      return api.patch(`/issues/${issue.id}`, { status: 'resolved' });
    }, (/** @type {import('./types.js').Issue} */ done) => `Issue #${done.id} is ${done.status}`);
    ctx.refresh();
  }

  return {
    loadStations: picker.load,
    /** @param {import('./types.js').Issue[]} issues */
    update(issues) {
      replace($('issue-list'), issues.length === 0 ? el('p', { class: 'muted', 'data-testid': 'no-issues' }, 'No open issues.') : issues.map((i) =>
        el('article', { class: 'row issue', 'data-testid': `issue-${i.id}`, 'data-status': i.status },
          el('div', { class: 'who' },
            el('strong', {}, i.title),
            el('span', { class: 'small muted' },
              `#${i.id} · `, el('a', { href: href(`/stations/${i.stationId}`) }, `station ${i.stationId}`),
              ` · ${i.connectorId === 0 ? 'whole station' : `connector ${i.connectorId}`} · ${i.status}`)),
          el('div', { class: 'buttons' },
            el('button', { type: 'button', 'data-testid': `issue-resolve-${i.id}`, onclick: () => resolve(i) }, 'Resolve')))));
    },
  };
}
