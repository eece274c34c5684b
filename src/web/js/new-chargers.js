// New chargers: stations registered Pending (an unknown charger that connected while OCPP_AUTO_REGISTER is
// pending, or one staff set to Pending), with what its boot said and when it was first seen. Admins accept
// (it may charge; a connected one is asked to boot again at once) or reject it. Reloaded with the dashboard,
// which follows the station events live.
import { $, el, hhmm, replace } from './dom.js';
import { api, ApiError, describeError, getPage } from './api.js';
import { act, resultBox, say } from './message.js';

/** @typedef {import('./types.js').Station} Station */

/** @param {Station} s */
function bootText(s) {
  if (!s.boot) return 'has not booted yet';
  return [s.boot.vendor, s.boot.model, s.boot.firmwareVersion && `firmware ${s.boot.firmwareVersion}`].filter(Boolean).join(' · ');
}

/** @param {import('./types.js').Ctx} ctx */
export function buildNewChargers(ctx) {
  let pendingCount = 0;
  // Taken once: a load that answers after the overview was left writes into these, no longer shown.
  const panel = $('new-chargers');
  const list = $('new-charger-list');
  const box = resultBox('new-chargers-result', { after: list });
  // The panel shows while a charger awaits a decision, or while the last decision's result is not dismissed.
  const showPanel = () => { panel.hidden = pendingCount === 0 && box.hidden; };
  box.querySelector('.result-close')?.addEventListener('click', showPanel);
  const result = () => box;

  /** @param {Station} station @param {'Accepted' | 'Rejected'} status */
  async function decide(station, status) {
    const verb = status === 'Accepted' ? 'Accept' : 'Reject';
    await act(result(), `${verb} ${station.chargeBoxId}`, () => api.patch(`/stations/${station.id}`, { registrationStatus: status }),
      (/** @type {Station} */ s) => `${s.chargeBoxId} is ${s.registrationStatus}${status === 'Accepted' && s.online ? '; it boots again now' : ''}`);
    ctx.refresh();
  }

  /** @param {Station} s @param {boolean} canDecide */
  function row(s, canDecide) {
    return el('article', { class: 'row', 'data-testid': `new-charger-${s.id}`, 'data-charge-box-id': s.chargeBoxId },
      el('div', { class: 'who' },
        el('strong', {}, s.chargeBoxId),
        el('span', { class: 'small muted', 'data-testid': `new-charger-boot-${s.id}` },
          `${bootText(s)} · first seen ${hhmm(s.registeredAt)} · ${s.online ? 'connected' : 'offline'}`)),
      canDecide && el('div', { class: 'buttons' },
        el('button', { type: 'button', 'data-testid': `new-charger-accept-${s.id}`, onclick: () => decide(s, 'Accepted') }, 'Accept'),
        el('button', { type: 'button', 'data-testid': `new-charger-reject-${s.id}`, onclick: () => decide(s, 'Rejected') }, 'Reject')));
  }

  return {
    async load() {
      /** @type {Station[]} */
      let stations;
      try {
        // Only the pending ones: a fleet has thousands of stations.
        stations = (await getPage('/stations?registrationStatus=Pending&active=true&limit=100')).items;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 401)) say('error', `Could not load the new chargers: ${describeError(err)}`);
        return;
      }
      const pending = stations.filter((s) => s.registrationStatus === 'Pending' && s.active); // an older server ignores the filters
      pendingCount = pending.length;
      panel.dataset.count = String(pending.length);
      showPanel();
      const canDecide = ctx.role() === 'admin';
      replace(list, pending.map((s) => row(s, canDecide)));
    },
  };
}
