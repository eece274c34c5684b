// Operator actions on a charger: remote start, reset, unlock, change availability. Each button shows the
// charger's answer or the API's error in its own result box, right below it, until dismissed. A remote start on
// a connector under maintenance or booked by someone else is a 409 naming why; "force" sends it anyway (logged).
import { $, el, field, options } from './dom.js';
import { api } from './api.js';
import { act, resultBox } from './message.js';
import { stationPicker } from './station-picker.js';

/**
 * The actions in `form` (the overview's by default); with `stationId` (a station's page) for that station only, and
 * with remote stop and TriggerMessage too.
 * @param {import('./types.js').Ctx} ctx @param {{ form?: HTMLElement, stationId?: number }} [where]
 */
export function buildActions(ctx, { form = $('action-form'), stationId } = {}) {
  const picker = stationPicker('action-station');
  const station = stationId === undefined ? picker.select : { value: String(stationId) };
  const connector = el('input', { name: 'connector', type: 'number', min: 0, value: 1, 'data-testid': 'action-connector' });
  const idTag = el('input', { name: 'idTag', maxlength: 20, placeholder: 'idTag', 'data-testid': 'action-idtag' });
  const force = el('input', { name: 'force', type: 'checkbox', 'data-testid': 'action-force' });
  const availability = el('select', { name: 'availability', 'data-testid': 'action-availability-type' });
  options(availability, [['Inoperative', 'Inoperative'], ['Operative', 'Operative']]);
  const resetType = el('select', { name: 'reset', 'data-testid': 'action-reset-type' });
  options(resetType, [['Soft', 'Soft'], ['Hard', 'Hard']]);

  /** @param {string} action  the OCPP action, as the API names it @param {() => object} body */
  const command = (action, body) => () => {
    const id = station.value;
    if (!id) return Promise.reject(new Error('choose a station first'));
    return api.post(`/stations/${id}/commands/${action}`, body());
  };
  const conn = () => Number(connector.value || 0);
  // Each button with its own result box (data-testid `${testid}-result`) in a row below the buttons.
  /** @param {string} testid @param {string} text @param {string} label @param {() => Promise<any>} run */
  const button = (testid, text, label, run) => {
    const box = resultBox(`${testid}-result`);
    const node = el('button', { type: 'button', 'data-testid': testid, onclick: async () => { await act(box, label, run); ctx.refresh(); } }, text);
    return { node, box };
  };
  const remoteStartBody = () => ({ connectorId: conn(), idTag: idTag.value.trim(), ...(force.checked ? { force: true } : {}) });
  const start = button('action-start', 'Remote start', 'Remote start', command('RemoteStartTransaction', remoteStartBody));
  const unlock = button('action-unlock', 'Unlock', 'Unlock', command('UnlockConnector', () => ({ connectorId: conn() })));
  const reset = button('action-reset', 'Reset', 'Reset', command('Reset', () => ({ type: resetType.value })));
  const change = button('action-availability', 'Change availability', 'Change availability',
    command('ChangeAvailability', () => ({ connectorId: conn(), type: availability.value })));

  const transaction = el('input', { name: 'transactionId', type: 'number', min: 1, 'data-testid': 'action-transaction' });
  const message = el('select', { name: 'message', 'data-testid': 'action-trigger-message' });
  options(message, ['StatusNotification', 'Heartbeat', 'BootNotification', 'MeterValues', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification']
    .map((m) => [m, m]));
  const stop = button('action-stop', 'Remote stop', 'Remote stop', command('RemoteStopTransaction', () => ({ transactionId: Number(transaction.value) })));
  const trigger = button('action-trigger', 'Trigger', 'TriggerMessage', command('TriggerMessage', () => ({
    requestedMessage: message.value, ...(conn() > 0 ? { connectorId: conn() } : {}) })));
  const onStation = stationId === undefined ? [] : [
    el('div', { class: 'fields' }, field('Transaction', transaction), field('Message', message)),
    el('div', { class: 'buttons' }, stop.node, trigger.node),
    stop.box, trigger.box,
  ];
  form.replaceChildren(
    el('div', { class: 'fields' }, stationId === undefined ? picker.fields : null, field('Connector', connector), field('Id tag', idTag)),
    el('label', { class: 'check' }, force, ' force (start even under maintenance or on another customer\'s booking)'),
    el('div', { class: 'buttons' }, start.node, unlock.node),
    start.box, unlock.box,
    el('div', { class: 'fields' }, field('Reset', resetType), field('Availability', availability)),
    el('div', { class: 'buttons' }, reset.node, change.node),
    reset.box, change.box,
    ...onStation);
  form.addEventListener('submit', (e) => e.preventDefault());

  return {
    /** The station choices, again (a charger registered or renamed). */
    loadStations: picker.load,
  };
}
