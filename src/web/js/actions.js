// Operator actions on a charger: remote start, reset, unlock, change availability. Each shows the charger's
// answer or the API's error in the message area.
import { $, el, field, options } from './dom.js';
import { api } from './api.js';
import { act } from './message.js';

export function buildActions(ctx) {
  const form = $('action-form');
  const station = el('select', { name: 'station', 'data-testid': 'action-station' });
  const connector = el('input', { name: 'connector', type: 'number', min: 0, value: 1, 'data-testid': 'action-connector' });
  const idTag = el('input', { name: 'idTag', maxlength: 20, placeholder: 'idTag', 'data-testid': 'action-idtag' });
  const availability = el('select', { name: 'availability', 'data-testid': 'action-availability-type' });
  options(availability, [['Inoperative', 'Inoperative'], ['Operative', 'Operative']]);
  const resetType = el('select', { name: 'reset', 'data-testid': 'action-reset-type' });
  options(resetType, [['Soft', 'Soft'], ['Hard', 'Hard']]);

  const command = (action, body) => () => {
    const id = station.value;
    if (!id) return Promise.reject(new Error('choose a station first'));
    return api.post(`/stations/${id}/commands/${action}`, body());
  };
  const conn = () => Number(connector.value || 0);
  const button = (testid, text, label, run) =>
    el('button', { type: 'button', 'data-testid': testid, onclick: async () => { await act(label, run); ctx.refresh(); } }, text);

  form.replaceChildren(
    el('div', { class: 'fields' }, field('Station', station), field('Connector', connector), field('Id tag', idTag)),
    el('div', { class: 'buttons' },
      button('action-start', 'Remote start', 'Remote start', command('RemoteStartTransaction', () => ({ connectorId: conn(), idTag: idTag.value.trim() }))),
      button('action-unlock', 'Unlock', 'Unlock', command('UnlockConnector', () => ({ connectorId: conn() })))),
    el('div', { class: 'fields' }, field('Reset', resetType), field('Availability', availability)),
    el('div', { class: 'buttons' },
      button('action-reset', 'Reset', 'Reset', command('Reset', () => ({ type: resetType.value }))),
      button('action-availability', 'Change availability', 'Change availability',
        command('ChangeAvailability', () => ({ connectorId: conn(), type: availability.value })))));
  form.addEventListener('submit', (e) => e.preventDefault());

  return {
    /** Keeps the station choices in step with the dashboard. */
    update(d) {
      const seen = new Map();
      for (const c of d.connectorsLive ?? []) seen.set(c.stationId, c.stationName ?? c.chargeBoxId);
      const chosen = station.value;
      options(station, [...seen].map(([id, name]) => [id, `${name} (id ${id})`]), chosen);
    },
  };
}
