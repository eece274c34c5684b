// A connector's status over the last 24 hours as coloured spans (GET /api/stations/{id}/status-history, newest
// first, paged): each status lasts from its report until the next one, the last until now. Ticks every 6 hours in
// clock time; each span names its status and times on hover and for screen readers.
import { el, hhmm } from '../dom.js';
import { getPage } from '../api.js';
import { clockTime } from '../charts.js';

const HOURS = 24;
const SPAN_MS = HOURS * 3_600_000;
const PAGE = 500;
const MAX_PAGES = 4; // a charger flapping more than 2,000 times a day shows its latest 2,000 changes

/** @typedef {{ connectorId: number, status: string, errorCode?: string | null, at?: string, statusAt?: string, receivedAt?: string }} StatusChange */

/** @param {StatusChange} r */
const timeOf = (r) => Date.parse(r.at ?? r.statusAt ?? r.receivedAt ?? '');

/** The changes of one connector since `fromMs`, oldest first. @param {number} stationId @param {number} connectorId @param {number} fromMs */
async function history(stationId, connectorId, fromMs) {
  /** @type {StatusChange[]} */
  const rows = [];
  let cursor = '';
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await getPage(`/stations/${stationId}/status-history?connectorId=${connectorId}&from=${new Date(fromMs).toISOString()}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return rows.filter((r) => Number.isFinite(timeOf(r))).sort((a, b) => timeOf(a) - timeOf(b));
}

/** @param {number} stationId @param {number} connectorId @returns {Promise<HTMLElement>} */
export async function connectorTimeline(stationId, connectorId) {
  const now = Date.now();
  const from = now - SPAN_MS;
  const rows = await history(stationId, connectorId, from);
  const pos = (/** @type {number} */ t) => ((Math.max(from, t) - from) / SPAN_MS) * 100;
  const spans = rows.map((r, i) => {
    const start = timeOf(r);
    const end = i + 1 < rows.length ? timeOf(/** @type {StatusChange} */ (rows[i + 1])) : now;
    const text = `${r.status}${r.errorCode && r.errorCode !== 'NoError' ? ` (${r.errorCode})` : ''} ${hhmm(start)}–${i + 1 < rows.length ? hhmm(end) : 'now'}`;
    return el('span', {
      class: 'span', 'data-testid': 'timeline-span', 'data-status': r.status, title: text, role: 'listitem', 'aria-label': text,
      style: `left:${Math.min(pos(start), 99.4)}%;width:${Math.max(0.6, pos(end) - pos(start))}%`, // a change of the last minute still shows
    });
  });
  const ticks = [0, 6, 12, 18, 24].map((h) => el('span', { style: `left:${(h / HOURS) * 100}%` }, h === 24 ? 'now' : clockTime(new Date(from + h * 3_600_000))));
  return el('div', { class: 'status-timeline', 'data-testid': `timeline-${connectorId}`, 'data-spans': spans.length },
    el('span', { class: 'tl-name' }, connectorId === 0 ? 'Charger' : `Connector ${connectorId}`),
    el('div', {},
      el('div', { class: 'tl-track', role: 'list', 'aria-label': `connector ${connectorId}, status over the last ${HOURS} hours` },
        spans.length === 0 ? el('span', { class: 'tl-empty small muted' }, `no status reported in the last ${HOURS} h`) : spans),
      el('div', { class: 'tl-ticks', 'aria-hidden': 'true' }, ticks)));
}
