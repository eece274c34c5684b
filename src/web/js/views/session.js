// One session (#/sessions/{id}): its figures, its charging curve against clock time, its meter values and its
// invoice (pay, void). While it runs it follows session.updated and can be stopped (RemoteStopTransaction), or
// closed by staff with a reason when the charger will never send its StopTransaction (decommissioned, gone).
import { el, find, kW, kWh, pct, replace } from '../dom.js';
import { api } from '../api.js';
import { act, describeAnswer, resultBox } from '../message.js';
import { href, markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { throttled } from '../throttle.js';
import { loadError, money, table, when, newestOnly } from './list-kit.js';
import { invoiceActions } from './invoice-actions.js';
import { sessionCurve } from './session-curve.js';

const LIVE_RELOAD_MS = 2_000; // the figures follow each reading at once; the curve and the table at most this often
const METER_ROWS_SHOWN = 300;

/** @typedef {import('../types.js').SessionPageDetail} Detail */

/** @param {string} term @param {import('../dom.js').Child} value @param {string} [testid] */
const fact = (term, value, testid) => el('div', {}, el('dt', {}, term), el('dd', { 'data-testid': testid }, value));

/** @param {Detail} s */
function facts(s) {
  const running = s.stoppedAt === null;
  return el('dl', { class: 'session-facts', 'data-testid': 'session-facts' },
    fact('Charger', el('span', {}, `${s.chargeBoxId} · connector ${s.connectorId}`)),
    fact('Customer', s.customer ? el('a', { href: href('/customers', { customerId: s.customer.id }) }, s.customer.name) : 'no customer'),
    fact('Id tag', `${s.idTag}${s.authorizationStatus !== 'Accepted' ? ` (${s.authorizationStatus})` : ''}`),
    fact('Started', when(s.startedAt)),
    fact('State', running ? 'charging' : `stopped ${when(s.stoppedAt)}${s.stopReason ? ` · ${s.stopReason}` : ''}`, 'session-state'),
    s.closedAt ? fact('Closed by staff', `${s.closedBy ?? '?'} at ${when(s.closedAt)}: ${s.closedReason ?? ''}`, 'session-closed') : null,
    fact('Energy', kWh(s.energyWh), 'session-energy'),
    running ? fact('Power', kW(s.latestPowerW), 'session-power') : null,
    fact('SoC', pct(s.latestSocPercent), 'session-soc'),
    fact('Last reading', when(s.latestMeterAt)));
}

/** @param {Detail} s @param {HTMLElement} box @param {() => void} reload */
function invoicePanel(s, box, reload) {
  const i = s.invoice;
  if (!i) return el('p', { class: 'muted', 'data-testid': 'session-no-invoice' }, 'Invoiced when the session stops.');
  return el('div', { 'data-testid': 'session-invoice', 'data-status': i.status },
    el('p', {}, el('strong', {}, i.number), ` · ${i.status} · `, el('strong', { 'data-testid': 'session-invoice-total' }, money(i.totalMinor, i.currency)),
      i.voidReason ? ` · void: ${i.voidReason}` : null),
    table(`Lines of ${i.number}`, ['Line', 'Quantity', 'Amount'], (i.lines ?? []).map((l) =>
      el('tr', {}, el('td', {}, l.description ?? l.kind ?? ''), el('td', {}, l.quantity === undefined ? '' : `${l.quantity} ${l.unit ?? ''}`),
        el('td', {}, money(l.amountMinor ?? 0, i.currency)))), 'session-invoice-lines', 'No lines.'),
    i.status === 'unpaid' ? invoiceActions(i, box, reload) : null);
}

/** @param {Detail} s */
function meterTable(s) {
  const samples = [...(s.meterValues ?? [])].reverse().slice(0, METER_ROWS_SHOWN);
  return table('Meter values, newest first', ['Time', 'Measurand', 'Value', 'Context', 'Phase'], samples.map((m) =>
    el('tr', {}, el('td', {}, when(m.sampledAt)), el('td', {}, m.measurand), el('td', {}, `${m.value} ${m.unit ?? ''}`),
      el('td', {}, m.context), el('td', {}, m.phase ?? ''))), 'session-meter-values', 'No meter values yet.');
}

/** Stop and close, while the session runs. @param {number} id @param {HTMLElement} box @param {() => void} reload */
function runningActions(id, box, reload) {
  const reason = el('input', { name: 'reason', required: true, maxlength: 500, 'data-testid': 'session-close-reason', placeholder: 'e.g. station decommissioned' });
  const close = el('form', { class: 'form', 'data-testid': 'session-close-form' },
    el('div', { class: 'fields' }, el('label', {}, el('span', {}, 'Reason to close (the charger will never stop it)'), reason)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'danger', 'data-testid': 'session-close' }, 'Close session')));
  close.addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await act(box, `Close session #${id}`, () => api.post(`/sessions/${id}/close`, { reason: reason.value.trim() }),
      () => `Session #${id} closed by staff: ${reason.value.trim()}`);
    if (done) reload();
  });
  return el('div', { 'data-testid': 'session-actions' },
    el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'danger', 'data-testid': 'session-stop', onclick: async () => {
        await act(box, `Stop session #${id}`, () => api.post(`/sessions/${id}/stop`), (r) => describeAnswer(`Stop session #${id}`, r));
        reload();
      } }, 'Stop (remote)')),
    close);
}

/** @type {import('../router.js').View} */
export const sessionView = {
  name: 'session', path: /^\/sessions\/(\d+)$/, title: 'Session',
  async render(root, { params }) {
    root.classList.add('console-view');
    const id = Number(params[0]);
    document.title = `ChargeSync · Session #${id}`;
    const head = el('div', { 'data-testid': 'session-head' });
    const actions = el('div', {});
    const actionResult = resultBox('session-action-result');
    const curveBox = el('div', { class: 'curve-box' });
    const invoiceBox = el('div', {});
    const invoiceResult = resultBox('session-invoice-result');
    const meters = el('div', { class: 'scroll-y' });
    root.append(
      el('p', {}, el('a', { href: href('/sessions'), 'data-testid': 'session-back' }, '← Sessions')),
      el('div', { class: 'card wide' }, el('h2', {}, `Session #${id}`), head, actions, actionResult),
      el('div', { class: 'card wide' }, el('h3', {}, 'Charging curve'), curveBox),
      el('div', { class: 'card' }, el('h3', {}, 'Invoice'), invoiceBox, invoiceResult),
      el('div', { class: 'card' }, el('h3', {}, 'Meter values'), meters));

    /** @type {ReturnType<typeof sessionCurve> | null} */
    let curve = null;
    let shownInvoice = '';
    let running = false;
    const loads = newestOnly();
    async function load() {
      const mine = loads.start();
      try {
        /** @type {Detail} */
        const s = await api.get(`/sessions/${id}`);
        if (!loads.isNewest(mine)) return;
        running = s.stoppedAt === null;
        replace(head, facts(s));
        root.dataset.state = running ? 'active' : 'stopped';
        if (running && !find('session-actions', actions)) replace(actions, runningActions(id, actionResult, () => void load()));
        if (!running) actions.replaceChildren();
        if (curve) curve.update(s.series ?? []);
        else curve = sessionCurve(curveBox, id, s.meterStartWh, s.series ?? []);
        // The invoice's controls are rebuilt only when it changes, so a reason being typed is not wiped by a reading.
        const invoiceKey = s.invoice ? `${s.invoice.id}:${s.invoice.status}` : 'none';
        if (invoiceKey !== shownInvoice) { shownInvoice = invoiceKey; replace(invoiceBox, invoicePanel(s, invoiceResult, () => void load())); }
        replace(meters, meterTable(s));
        markLoaded(root);
      } catch (err) {
        if (loads.isNewest(mine)) replace(head, loadError(err, `session #${id}`));
      }
    }
    const reloads = throttled(() => void load(), LIVE_RELOAD_MS); // follows a busy stream without starving
    const reload = () => reloads.poke();
    const off = onLive((name, data) => {
      const about = /** @type {{ sessionId?: number } | null} */ (data)?.sessionId === id;
      if (name === 'session.updated' && about && running) {
        const e = /** @type {import('../types.js').SessionUpdate} */ (data);
        // The figures at once; the curve and the table with the next load.
        const set = (/** @type {string} */ testid, /** @type {string} */ text) => { const n = find(testid, head); if (n) n.textContent = text; };
        if (e.energyWh !== undefined) set('session-energy', kWh(e.energyWh));
        if (e.powerW !== undefined) set('session-power', kW(e.powerW));
        if (e.socPercent !== undefined) set('session-soc', pct(e.socPercent));
        reload();
      } else if (about || name === 'resync') reload();
    });
    await load();
    return () => { loads.leave(); off(); reloads.cancel(); curve?.destroy(); };
  },
};
