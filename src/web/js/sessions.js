// The latest running sessions (GET /api/dashboard activeSessions): customer, energy, power, SoC and duration,
// updated in place from session.updated events. Each row links to its session page (its curve) and has a stop
// button (POST /api/sessions/:id/stop).
import { $, el, duration, find, kW, kWh, pct, refusedTag, replace } from './dom.js';
import { href } from './router.js';

/**
 * The newest reading each shown session got from the event stream, by the time the charger took it. A refetch that
 * started before an event was applied answers with the older reading; rendering keeps the newer of the two, so the
 * figures never step back.
 * @type {Map<number, { atMs: number, energyWh: number | null, powerW: number | null, socPercent: number | null }>}
 */
const newestReadings = new Map();

/** @template {import('./types.js').ActiveSessionLive} S @param {S} s @returns {S} */
function newerOf(s) {
  const live = newestReadings.get(s.sessionId);
  const apiAtMs = s.readingAt ? Date.parse(s.readingAt) : -Infinity;
  return live && live.atMs > apiAtMs ? { ...s, ...live } : s;
}

/** @param {import('./types.js').Dashboard} d @param {{ onStop: (sessionId: number) => void }} handlers */
export function renderSessions(d, { onStop }) {
  const active = d.activeSessions?.items ?? [];
  const shown = new Set(active.map((s) => s.sessionId));
  for (const id of newestReadings.keys()) if (!shown.has(id)) newestReadings.delete(id);
  const total = d.activeSessions?.total ?? active.length;
  const more = total > active.length
    ? el('p', { class: 'small muted', 'data-testid': 'sessions-more' }, `The ${active.length} latest of ${total} running: `,
      el('a', { href: href('/sessions', { state: 'active' }) }, 'all running sessions'))
    : null;
  replace($('session-list'), active.length === 0 ? el('p', { class: 'muted', 'data-testid': 'no-sessions' }, 'Nothing is charging.') : [...active.map((row) => {
    const s = newerOf(row);
    const id = s.sessionId;
    return el('article', { class: 'row session', 'data-testid': `session-${id}`, 'data-session-id': id, 'data-authorization': s.authorizationStatus ?? '' },
      el('div', { class: 'who' },
        el('strong', { 'data-testid': `session-customer-${id}` }, s.customerName ?? s.idTag),
        refusedTag(s.authorizationStatus, `session-auth-${id}`),
        el('span', { class: 'small muted' }, el('a', { href: href(`/sessions/${id}`), 'data-testid': `session-link-${id}` }, `#${id}`), ' · ',
          el('a', { href: href(`/stations/${row.stationId}`) }, row.chargeBoxId), ` connector ${row.connectorId}`)),
      el('dl', { class: 'figures' },
        fig('Energy', kWh(s.energyWh), `session-energy-${id}`, s.energyWh),
        fig('Power', kW(s.powerW), `session-power-${id}`, s.powerW),
        fig('SoC', pct(s.socPercent), `session-soc-${id}`, s.socPercent),
        fig('Duration', duration(s.durationS), `session-duration-${id}`, null, Date.parse(s.startedAt))),
      el('div', { class: 'buttons' },
        el('a', { class: 'button', href: href(`/sessions/${id}`), 'data-testid': `session-curve-${id}` }, 'Curve'),
        el('button', { type: 'button', class: 'danger', 'data-testid': `session-stop-${id}`, onclick: () => onStop(id) }, 'Stop')));
  }), more]);
}

/**
 * @param {string} label @param {string} text @param {string} testid @param {number | null} raw
 * @param {number} [startedAtMs]
 */
function fig(label, text, testid, raw, startedAtMs) {
  return el('div', {}, el('dt', {}, label),
    el('dd', { 'data-testid': testid, 'data-value': raw ?? '', 'data-started-at': startedAtMs ?? null }, text));
}

/**
 * A session.updated event: { sessionId, energyWh, powerW, socPercent, at }; returns whether the row was shown.
 * An event older than the reading shown changes nothing.
 * @param {import('./types.js').SessionUpdate} e
 */
export function applySessionUpdate(e) {
  const row = find(`session-${e.sessionId}`);
  if (!row) return false;
  const atMs = Date.parse(e.at);
  const known = newestReadings.get(e.sessionId);
  if (known && known.atMs > atMs) return true;
  newestReadings.set(e.sessionId, { atMs, energyWh: e.energyWh ?? null, powerW: e.powerW ?? null, socPercent: e.socPercent ?? null });
  /** @param {string} testid @param {number | null | undefined} value @param {string} text */
  const set = (testid, value, text) => {
    const node = find(`${testid}-${e.sessionId}`, row);
    if (!node || value === undefined) return;
    node.dataset.value = String(value ?? '');
    node.textContent = text;
  };
  set('session-energy', e.energyWh, kWh(e.energyWh));
  set('session-power', e.powerW, kW(e.powerW));
  set('session-soc', e.socPercent, pct(e.socPercent));
  return true;
}

/** Durations count on between refetches. */
export function tickDurations() {
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-testid^="session-duration-"]'))) {
    const started = Number(node.dataset.startedAt);
    if (started) node.textContent = duration((Date.now() - started) / 1000);
  }
}
