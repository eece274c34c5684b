// Maintenance issues (#/issues?open=&stationId=&q=&issueId=&cursor=): newest first, filtered and paged; the one
// chosen (issueId) shows its comments, takes a comment and moves along open → in_progress → resolved → closed
// (the steps the API allows). Opening one names a station and a connector (0: the whole station). Live on
// issue.changed.
import { el, field, replace } from '../dom.js';
import { api, getPage } from '../api.js';
import { stationPicker } from '../station-picker.js';
import { act, resultBox } from '../message.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { throttled } from '../throttle.js';
import { apiPath, filterForm, loadError, pager, queryObject, table, when, newestOnly } from './list-kit.js';

const PATH = '/issues';
/** The one step each status may take, with its button's words. */
const NEXT = /** @type {Record<string, [string, string] | undefined>} */ ({
  open: ['in_progress', 'Start work'], in_progress: ['resolved', 'Resolve'], resolved: ['closed', 'Close'],
});

/** @type {import('./list-kit.js').FilterField[]} */
const FILTERS = [
  { name: 'q', label: 'Search', type: 'search', placeholder: 'start of the title' },
  { name: 'open', label: 'Which', type: 'select', options: [['', 'All'], ['true', 'Open'], ['false', 'Resolved or closed']] },
  { name: 'stationId', label: 'Station id', type: 'number' },
];

/** @param {import('../types.js').IssueRow} i */
const where = (i) => `${i.chargeBoxId ?? `station ${i.stationId}`} · ${i.connectorId === 0 ? 'whole station' : `connector ${i.connectorId}`}`;

/** @param {() => void} onOpened */
function openForm(onOpened) {
  const station = stationPicker('issue-new-station');
  void station.load();
  const connector = el('input', { name: 'connectorId', type: 'number', min: 0, value: 0, required: true, 'data-testid': 'issue-new-connector' });
  const title = el('input', { name: 'title', maxlength: 200, required: true, 'data-testid': 'issue-new-title' });
  const result = resultBox('issue-new-result');
  const form = el('form', { class: 'form', 'data-testid': 'issue-new' },
    el('div', { class: 'fields' }, station.fields, field('Connector (0 = station)', connector), field('Title', title)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': 'issue-new-submit' }, 'Open issue')), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const made = await act(result, 'Open issue', () => api.post('/issues', {
      stationId: Number(station.select.value), connectorId: Number(connector.value || 0), title: title.value.trim(),
    }), (/** @type {import('../types.js').IssueRow} */ i) => `Issue #${i.id} opened`);
    if (made) { title.value = ''; onOpened(); }
  });
  return form;
}

/** @param {import('../types.js').IssueDetail} i @param {() => void} reload */
function detailPanel(i, reload) {
  const result = resultBox('issue-detail-result');
  const next = NEXT[i.status];
  const body = el('textarea', { name: 'body', required: true, maxlength: 5000, rows: 3, 'data-testid': 'issue-comment-body' });
  const comment = el('form', { class: 'form', 'data-testid': 'issue-comment' },
    field('Comment', body), el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': 'issue-comment-submit' }, 'Comment')));
  comment.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await act(result, 'Comment', () => api.post(`/issues/${i.id}/comments`, { body: body.value.trim() }), () => `Commented on #${i.id}`)) reload();
  });
  return el('div', { 'data-testid': `issue-detail-${i.id}`, 'data-status': i.status },
    el('h3', {}, `#${i.id} ${i.title}`),
    el('p', { class: 'small muted' }, `${where(i)} · ${i.status} · opened by ${i.openedBy} ${when(i.openedAt)}`),
    i.description ? el('p', {}, i.description) : null,
    next ? el('div', { class: 'buttons' }, el('button', { type: 'button', 'data-testid': `issue-move-${i.id}`, onclick: async () => {
      if (await act(result, next[1], () => api.patch(`/issues/${i.id}`, { status: next[0] }), () => `Issue #${i.id} is ${next[0]}`)) reload();
    } }, next[1])) : null,
    el('ol', { class: 'comments', 'data-testid': 'issue-comments' }, i.comments.map((c) =>
      el('li', {}, el('span', { class: 'small muted' }, `${c.author} · ${when(c.createdAt)}`), el('p', {}, c.body)))),
    i.status === 'closed' ? null : comment,
    result);
}

/** @type {import('../router.js').View} */
export const issuesView = {
  name: 'issues', path: /^\/issues\/?$/, title: 'Issues',
  render(root, { query }) {
    root.classList.add('console-view');
    const list = el('div', { 'data-testid': 'issues-list' });
    const detail = el('div', { 'data-testid': 'issues-detail' });
    const chosen = query.get('issueId');
    root.append(el('div', { class: 'split' },
      el('div', { class: 'card' }, el('h2', {}, 'Issues'), filterForm(PATH, FILTERS, query, 'issues-filter'), list,
        el('details', {}, el('summary', {}, 'Open an issue'), openForm(() => reload()))),
      el('div', { class: 'card' }, el('h2', {}, 'Issue'), detail)));

    const lists = newestOnly();
    const details = newestOnly();
    async function loadList() {
      const mine = lists.start();
      try {
        const page = await getPage(apiPath(PATH, { open: query.get('open'), stationId: query.get('stationId'), q: query.get('q'), cursor: query.get('cursor') }));
        if (!lists.isNewest(mine)) return;
        replace(list, table('Issues', ['Issue', 'Where', 'Status', 'Opened'], page.items.map((/** @type {import('../types.js').IssueRow} */ i) =>
          el('tr', { 'data-testid': `issues-row-${i.id}`, 'data-status': i.status, 'aria-current': String(i.id) === chosen ? 'true' : null },
            el('td', {}, el('a', { href: href(PATH, { ...queryObject(query), issueId: i.id }) }, `#${i.id} ${i.title}`)),
            el('td', {}, where(i)), el('td', {}, i.status), el('td', {}, when(i.openedAt)))), 'issues-table', 'No issue matches.'),
        pager(PATH, query, page.nextCursor, 'issues-pager'));
        markLoaded(root);
      } catch (err) {
        if (lists.isNewest(mine)) replace(list, loadError(err, 'the issues'));
      }
    }
    async function loadDetail() {
      if (!chosen) return replace(detail, el('p', { class: 'muted' }, 'Choose an issue to see its comments.'));
      const mine = details.start();
      try {
        /** @type {import('../types.js').IssueDetail} */
        const i = await api.get(`/issues/${encodeURIComponent(chosen)}`);
        if (details.isNewest(mine)) replace(detail, detailPanel(i, () => reload()));
      } catch (err) {
        if (details.isNewest(mine)) replace(detail, loadError(err, `issue ${chosen}`));
      }
    }
    const reloads = throttled(() => { void loadList(); void loadDetail(); }, 300); // follows a busy stream without starving
    const reload = () => reloads.poke();
    const off = onLive((name) => { if (name === 'issue.changed' || name === 'resync') reload(); });
    void loadList();
    void loadDetail();
    return () => { lists.leave(); details.leave(); off(); reloads.cancel(); };
  },
};
