// The driver's session, live: energy, power, SoC, how long, what it costs so far on its tariff, and Stop. Its
// events on the driver's stream redraw it (read again, at most once a second, for the cost); once stopped it
// shows the invoice and leads to paying it.
import { el, replace, kWh, kW, pct, duration } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { onLive } from '../../../js/live-bus.js';
import { throttled } from '../../../js/throttle.js';
import { driverApi, failureText } from '../driver-api.js';
import { money, when } from '../format.js';
import { say } from '../message.js';

/** @param {string} label @param {string} testid */
function figure(label, testid) {
  const value = el('strong', { 'data-testid': testid }, '–');
  return { value, node: el('div', { class: 'figure' }, el('span', { class: 'small muted' }, label), value) };
}

export const sessionView = {
  name: 'session', nav: 'history', path: /^\/sessions\/(\d+)$/, title: 'Charging',
  /** @param {HTMLElement} root @param {import('../../../js/router.js').Route} route */
  render(root, route) {
    const sessionId = Number(route.params[0]);
    const f = {
      energy: figure('Energy', 'session-energy'), power: figure('Power', 'session-power'), soc: figure('Battery', 'session-soc'),
      time: figure('Time', 'session-duration'), cost: figure('Cost so far', 'session-cost'),
    };
    const state = el('p', { class: 'state', 'data-testid': 'session-state' });
    const title = el('h1', {}, 'Charging');
    const stop = el('button', { type: 'button', class: 'danger big', 'data-testid': 'stop-charging', hidden: true }, 'Stop charging');
    const invoice = el('div', { 'data-testid': 'session-invoice' });
    root.append(title, state, el('div', { class: 'figures' }, Object.values(f).map((x) => x.node)), stop, invoice);

    /** @type {any} */
    let session = null;
    // The time counts up between readings; the rest changes with each reading.
    const tick = setInterval(() => {
      if (session && !session.stoppedAt) f.time.value.textContent = duration((Date.now() - Date.parse(session.startedAt)) / 1000);
    }, 1000);

    function draw(/** @type {any} */ s) {
      session = s;
      title.textContent = s.stoppedAt ? 'Charge finished' : 'Charging';
      state.textContent = s.stoppedAt ? `${s.chargeBoxId} · connector ${s.connectorId} · stopped ${when(s.stoppedAt)}` : `${s.chargeBoxId} · connector ${s.connectorId} · started ${when(s.startedAt)}`;
      root.dataset.state = s.stoppedAt ? 'stopped' : 'running';
      f.energy.value.textContent = kWh(s.energyWh);
      f.power.value.textContent = s.stoppedAt ? '–' : kW(s.latestPowerW);
      f.soc.value.textContent = pct(s.latestSocPercent);
      f.time.value.textContent = duration(s.durationS);
      f.cost.value.textContent = money(s.costSoFarMinor, s.currency);
      stop.hidden = Boolean(s.stoppedAt);
      if (s.invoice) {
        replace(invoice, el('a', { class: 'button primary big', href: `#/invoices/${s.invoice.id}`, 'data-testid': 'open-invoice' },
          s.invoice.status === 'paid' ? `Invoice ${s.invoice.number}: paid` : `Pay ${money(s.invoice.totalMinor, s.invoice.currency)}`));
      } else if (s.stoppedAt) replace(invoice, el('p', { class: 'muted' }, 'The invoice is being made…'));
      markLoaded(root);
    }
    const reload = throttled(() => driverApi.get(`/sessions/${sessionId}`).then(draw, (err) => say(failureText(err), 'error')), 1000);
    reload.poke();

    stop.addEventListener('click', () => {
      stop.disabled = true;
      driverApi.post(`/sessions/${sessionId}/stop`).then(
        (r) => say(r.status === 'Accepted' ? 'Stopping: the charger is finishing the session.' : `The charger answered ${r.status}.`),
        (err) => say(failureText(err), 'error')).finally(() => { stop.disabled = false; });
    });

    const unsubscribe = onLive((name, data) => {
      const d = /** @type {any} */ (data);
      if (name === 'resync' || d?.sessionId === sessionId) reload.poke();
    });
    return () => { unsubscribe(); reload.cancel(); clearInterval(tick); };
  },
};
