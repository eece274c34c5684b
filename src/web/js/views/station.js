// One station (#/stations/{id}): what its boot said, its connectors with their status live and a timeline of the
// last 24 h, its sessions, the commands staff sent it and its answers, its configuration (GetConfiguration,
// ChangeConfiguration), the messages it sent that broke the schemas, its security events, and the operator actions.
import { $, el, kWh } from '../dom.js';
import { api, describeError, getPage } from '../api.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { buildActions } from '../actions.js';
import { securityEventRow } from '../security-events.js';
import { connectorChip, onlineBadge, setConnectorStatus, setOnline } from './station-status.js';
import { connectorTimeline } from './station-timeline.js';
import { stationConfiguration } from './station-config.js';
import { connectorQrCodes } from './station-qr.js';
import { stationUtilisation } from './station-utilisation.js';

const SHOWN = 20;
const REFRESH_MS = 500;
const ANSWER_SHOWN = 80;

/** @param {string | null | undefined} iso */
const when = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '–');

/** @param {string} title @param {string} testid @param {...import('../dom.js').Child} children */
const card = (title, testid, ...children) => el('section', { class: 'card', 'data-testid': testid }, el('h3', {}, title), ...children);

/** @param {Array<[string, import('../dom.js').Child]>} pairs */
const facts = (pairs) => el('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '–')]));

/** @param {import('../types.js').CommandRow} c */
function commandRow(c) {
  const text = c.response ? JSON.stringify(c.response) : c.error ?? (c.outcome ? '' : 'under way');
  // A long answer (a whole configuration) opens on demand, its start shown.
  const answer = text.length <= ANSWER_SHOWN ? text
    : el('details', {}, el('summary', {}, `${text.slice(0, ANSWER_SHOWN)}…`), el('pre', {}, JSON.stringify(c.response, null, 1)));
  return el('tr', { 'data-testid': `command-${c.id}`, 'data-action': c.action, 'data-outcome': c.outcome ?? '' },
    el('td', {}, when(c.requestedAt)), el('th', { scope: 'row' }, c.action), el('td', { class: 'opt' }, c.requestedBy),
    el('td', {}, c.outcome ?? '–'), el('td', { class: 'answer' }, answer));
}

/** @param {{ id: number, connectorId: number, startedAt: string, stoppedAt: string | null, energyWh: number | null, idTag: string,
 *   customer?: { name: string } | null }} s  a row of GET /api/sessions */
const sessionRow = (s) => el('tr', { 'data-testid': `station-session-${s.id}` },
  el('th', { scope: 'row' }, el('a', { href: href(`/sessions/${s.id}`) }, `#${s.id}`)),
  el('td', {}, `connector ${s.connectorId}`), el('td', {}, when(s.startedAt)), el('td', {}, s.stoppedAt ? when(s.stoppedAt) : 'running'),
  el('td', {}, kWh(s.energyWh)), el('td', { class: 'opt' }, s.customer?.name ?? s.idTag));

/** @param {string[]} heads @param {string} testid @param {Node[]} rows @param {string} empty */
const table = (heads, testid, rows, empty) => (rows.length === 0 ? el('p', { class: 'muted', 'data-testid': `${testid}-none` }, empty)
  : el('div', { class: 'table-scroll' }, el('table', { class: 'table', 'data-testid': testid },
    el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows))));

/** @param {HTMLElement} root @param {import('../router.js').Route} route */
async function render(root, { params }) {
  const id = Number(params[0]);
  /** @type {import('../types.js').StationDetail} */
  let s;
  try {
    s = await api.get(`/stations/${id}`);
  } catch (err) {
    root.append(el('p', { class: 'error', 'data-testid': 'station-error' }, `Station ${id}: ${describeError(err)}`));
    return;
  }
  document.title = `ChargeSync · ${s.chargeBoxId}`;
  const head = el('section', { class: 'card', 'data-testid': 'station-head', 'data-online': String(s.online) },
    el('h2', {}, s.name ? `${s.name} · ${s.chargeBoxId}` : s.chargeBoxId, ' ', onlineBadge(id, s.online)),
    facts([
      ['Vendor / model', s.boot ? `${s.boot.vendor} ${s.boot.model}` : 'has not booted yet'],
      ['Firmware', s.boot?.firmwareVersion ?? null], ['Serial', s.boot?.chargePointSerialNumber ?? null],
      ['Registration', s.registrationStatus], ['Last seen', when(s.lastSeenAt)], ['Location', s.location ?? null],
      ['Position', s.latitude === null ? null : `${s.latitude}, ${s.longitude}`],
    ]),
    el('div', { class: 'conn-chips', 'data-testid': 'station-connectors' }, s.connectors.map((c) => connectorChip(id, c.connectorId, c.status, s.online))));
  const timelines = card('Status, last 24 hours', 'station-timelines');
  const utilisation = card('Utilisation, last 30 days', 'station-utilisation');
  const utilisationBox = utilisation.appendChild(el('div', { class: 'chart-box' }));
  const sessions = card('Sessions', 'station-sessions');
  const commands = card('Commands and answers', 'station-commands');
  const config = card('Configuration', 'station-config');
  const violations = card('Protocol violations', 'station-violations');
  const security = card('Security events', 'station-security');
  const qrCodes = card('Connector QR codes (the driver app)', 'station-qr-codes');
  const actionForm = el('form', { class: 'form', 'data-testid': 'action-form' });
  root.append(el('p', { class: 'small' }, el('a', { href: '#/stations' }, '← Stations')), head,
    el('div', { class: 'dashboard' }, timelines, utilisation, card('Actions', 'station-actions', actionForm), sessions, commands, config, violations, security, qrCodes));
  buildActions({ refresh: async () => { await loadCommands(); }, role: () => $('whoami').dataset.role }, { form: actionForm, stationId: id });
  stationConfiguration(id, config.appendChild(el('div', {})));
  connectorQrCodes(id, qrCodes.appendChild(el('div', {}))).catch((err) => qrCodes.append(el('p', { class: 'error' }, `Could not load the QR codes: ${describeError(err)}`)));

  const section = (/** @type {HTMLElement} */ box, /** @type {Node} */ body) => { box.querySelector(':scope > :not(h3)')?.remove(); box.append(body); };
  const failed = (/** @type {string} */ what, /** @type {unknown} */ err) => el('p', { class: 'error' }, `Could not load ${what}: ${describeError(err)}`);

  async function loadTimelines() {
    const ids = [...new Set(s.connectors.map((c) => c.connectorId))].sort((a, b) => a - b);
    try {
      const lines = await Promise.all(ids.map((c) => connectorTimeline(id, c)));
      section(timelines, el('div', { class: 'timelines' }, lines.length ? lines : el('p', { class: 'muted' }, 'No connector reported yet.')));
    } catch (err) { section(timelines, failed('the status history', err)); }
  }
  async function loadCommands() {
    try {
      const rows = (await getPage(`/stations/${id}/commands?limit=${SHOWN}`)).items;
      section(commands, table(['Sent', 'Action', 'By', 'Outcome', 'Answer'], 'commands-table', rows.map(commandRow), 'No commands sent yet.'));
    } catch (err) { section(commands, failed('the commands', err)); }
  }
  async function loadSessions() {
    try {
      const rows = (await getPage(`/sessions?stationId=${id}&limit=${SHOWN}`)).items;
      section(sessions, el('div', {}, table(['Session', 'Connector', 'Started', 'Stopped', 'Energy', 'Customer'], 'sessions-table', rows.map(sessionRow), 'No sessions yet.'),
        el('a', { class: 'small', href: href('/sessions', { stationId: id }) }, 'all sessions of this station')));
    } catch (err) { section(sessions, failed('the sessions', err)); }
  }
  async function loadViolations() {
    try {
      /** @type {import('../types.js').ViolationRow[]} */
      const rows = (await getPage(`/stations/${id}/violations?limit=${SHOWN}`)).items;
      section(violations, table(['When', 'Action', 'Relaxation', 'Where'], 'violations-table', rows.map((v) => el('tr', {},
        el('td', {}, when(v.occurredAt ?? v.receivedAt)), el('th', { scope: 'row' }, v.action), el('td', {}, v.relaxation ?? ''),
        el('td', {}, `${v.detail?.message ?? ''} ${v.detail?.path ?? ''}`))), 'None: it keeps to the schemas.'));
    } catch (err) { section(violations, failed('the violations', err)); }
  }
  async function loadSecurity() {
    try {
      const rows = (await getPage(`/stations/${id}/security-events?limit=${SHOWN}`)).items;
      section(security, rows.length === 0 ? el('p', { class: 'muted' }, 'No security events.') : el('div', { class: 'list' }, rows.map(securityEventRow)));
    } catch (err) { section(security, failed('the security events', err)); }
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const later = (/** @type {() => Promise<void>} */ fn) => { clearTimeout(timer); timer = setTimeout(() => void fn(), REFRESH_MS); };
  const unsubscribe = onLive((name, data) => {
    const e = /** @type {{ stationId?: number, connectorId?: number, status?: string }} */ (data ?? {});
    if (e.stationId !== id) return;
    if (name === 'connector.status' && typeof e.connectorId === 'number' && e.status) {
      setConnectorStatus(head, id, e.connectorId, e.status);
      if (!s.connectors.some((c) => c.connectorId === e.connectorId)) s.connectors.push({ connectorId: e.connectorId, status: e.status });
      later(loadTimelines);
    }
    if (name === 'station.online' || name === 'station.offline') setOnline(head, id, name === 'station.online');
    if (name === 'command.result') void loadCommands();
    if (name === 'session.started' || name === 'session.stopped') void loadSessions();
    if (name === 'security.event') void loadSecurity();
  });
  const [removeChart] = await Promise.all([stationUtilisation(id, utilisationBox), loadTimelines(), loadCommands(), loadSessions(), loadViolations(), loadSecurity()]);
  markLoaded(root);
  return () => { unsubscribe(); clearTimeout(timer); removeChart(); };
}

/** @type {import('../router.js').View} */
export const stationView = { name: 'station', nav: 'stations', path: /^\/stations\/(\d+)$/, title: 'Station', render };
