// What needs someone now (GET /api/dashboard attention): faulted connectors, offline stations, refused
// reservations, open maintenance and unpaid sessions; the first rows of each with how many there are, each row
// linking to its station or session, and the whole list one click away.
import { el, replace } from '../dom.js';
import { href } from '../router.js';

/** @typedef {import('../types.js').AttentionRow} AttentionRow */

/** The kinds in the order shown, with their heading and where the whole list is. */
const KINDS = /** @type {const} */ ([
  ['faulted', 'Faulted connectors', href('/stations', { faulted: 'true' })],
  ['offline', 'Offline stations', href('/stations', { online: 'false' })],
  ['reservations', 'Reservations the charger refused', href('/bookings')],
  ['maintenance', 'Under maintenance', href('/stations', { maintenance: 'true' })],
  ['awaitingPayment', 'Awaiting payment', href('/invoices', { status: 'unpaid' })],
]);

/** @param {string | null | undefined} iso */
const since = (iso) => (iso ? ` · since ${new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}` : '');

/** @param {AttentionRow} r */
function rowText(r) {
  const where = [r.name ?? r.chargeBoxId ?? (r.stationId ? `station ${r.stationId}` : null), r.connectorId ? `connector ${r.connectorId}` : null]
    .filter(Boolean).join(' ');
  const what = [r.title, r.status, r.reservationStatus, r.errorCode && r.errorCode !== 'NoError' ? r.errorCode : null].filter(Boolean).join(' · ');
  const seen = r.lastSeenAt === null ? ' · never seen' : since(r.since ?? r.lastSeenAt ?? r.openedAt ?? r.startsAt);
  return `${where}${what ? ` · ${what}` : ''}${seen}`;
}

/** @param {AttentionRow} r */
function link(r) {
  if (r.sessionId) return href(`/sessions/${r.sessionId}`);
  if (r.stationId) return href(`/stations/${r.stationId}`);
  return null;
}

/** @param {HTMLElement} box @param {import('../types.js').Dashboard} d */
export function renderAttention(box, d) {
  const lists = d.attention ?? {};
  const shown = KINDS.filter(([kind]) => (lists[kind]?.total ?? 0) > 0);
  replace(box, shown.length === 0
    ? el('p', { class: 'muted', 'data-testid': 'attention-none' }, 'Nothing needs attention.')
    : shown.map(([kind, title, all]) => {
      const list = /** @type {import('../types.js').AttentionList} */ (lists[kind]); // the filter kept only these
      return el('section', { class: 'attention', 'data-testid': `attention-${kind}`, 'data-total': list.total },
        el('h3', {}, `${title} `, el('span', { class: 'count' }, String(list.total))),
        el('ul', {}, list.items.map((r) => {
          const to = link(r);
          return el('li', { 'data-testid': `attention-${kind}-row`, 'data-station-id': r.stationId ?? null, 'data-connector-id': r.connectorId ?? null },
            to ? el('a', { href: to }, rowText(r)) : rowText(r));
        })),
        list.total > list.items.length ? el('a', { class: 'small', href: all }, `all ${list.total}`) : null);
    }));
}
