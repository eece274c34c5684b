// A charger's configuration (OCPP 1.6 §5.8 GetConfiguration): asked for on demand, shown as key, value and
// read-only; a writable value is changed through ChangeConfiguration (§5.3) and the charger's answer shown beside
// it (Accepted, Rejected, RebootRequired, NotSupported).
import { el, replace } from '../dom.js';
import { api } from '../api.js';
import { act, resultBox } from '../message.js';

/** @typedef {{ key: string, value?: string, readonly: boolean }} KeyValue */

/** @param {number} stationId @param {HTMLElement} box */
export function stationConfiguration(stationId, box) {
  const result = resultBox('config-result');
  const table = el('div', { class: 'table-scroll' });
  const read = el('button', { type: 'button', 'data-testid': 'config-read' }, 'Read configuration');
  replace(box, el('div', { class: 'buttons' }, read), result, table);

  /** @param {KeyValue} k */
  function row(k) {
    const input = el('input', { value: k.value ?? '', 'aria-label': `value of ${k.key}`, 'data-testid': `config-value-${k.key}`, readonly: k.readonly });
    const change = async () => {
      await act(result, `ChangeConfiguration ${k.key}`, () => api.post(`/stations/${stationId}/commands/ChangeConfiguration`, { key: k.key, value: input.value }));
    };
    return el('tr', { 'data-testid': `config-${k.key}` },
      el('th', { scope: 'row' }, k.key),
      el('td', {}, input),
      el('td', {}, k.readonly ? 'read-only' : el('button', { type: 'button', 'data-testid': `config-change-${k.key}`, onclick: () => void change() }, 'Change')));
  }

  read.addEventListener('click', async () => {
    const answer = await act(result, 'GetConfiguration', () => api.post(`/stations/${stationId}/commands/GetConfiguration`, {}));
    /** @type {KeyValue[]} */
    const keys = answer?.response?.configurationKey ?? [];
    const unknown = /** @type {string[]} */ (answer?.response?.unknownKey ?? []);
    replace(table, keys.length === 0 ? null : el('table', { class: 'table', 'data-testid': 'config-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Key'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, ''))),
      el('tbody', {}, [...keys].sort((a, b) => a.key.localeCompare(b.key)).map(row))),
    unknown.length ? el('p', { class: 'small muted' }, `Unknown keys: ${unknown.join(', ')}`) : null);
  });
}
