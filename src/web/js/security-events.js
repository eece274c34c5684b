// Security events (SecurityEventNotification) of one station, newest first: the charger's time, the type, its
// techInfo, and for a critical one (the security whitepaper's list) the issue it opened or joined, which the
// open issues list shows too. Reloaded with the dashboard, which refetches on every 'security.event'.
import { $, el, replace } from './dom.js';
import { api, describeError } from './api.js';
import { stationPicker } from './station-picker.js';

const SHOWN = 20;

/** @param {import('./types.js').SecurityEvent} e */
export function securityEventRow(e) {
  return el('article', { class: e.critical ? 'row security critical' : 'row security', 'data-testid': `security-event-${e.id}`, 'data-critical': String(e.critical) },
    el('div', { class: 'who' },
      el('strong', {}, e.type),
      el('span', { class: 'small muted' },
        [new Date(e.occurredAt).toLocaleString(), e.techInfo, e.critical ? `critical · issue #${e.issueId ?? '–'}` : null].filter(Boolean).join(' · '))));
}

export function buildSecurityEvents() {
  const picker = stationPicker('security-station', { onChange: () => void load() });
  const station = picker.select;
  $('security-form').replaceChildren(el('div', { class: 'fields' }, picker.fields));
  const list = $('security-list'); // taken once: a load answering after the overview was left writes here unseen

  async function load() {
    if (!station.value) return replace(list, el('p', { class: 'muted' }, 'No stations yet.'));
    try {
      /** @type {import('./types.js').SecurityEvent[]} */
      const events = await api.get(`/stations/${station.value}/security-events?limit=${SHOWN}`);
      replace(list, events.length === 0 ? el('p', { class: 'muted', 'data-testid': 'no-security-events' }, 'No security events.') : events.map(securityEventRow));
      list.dataset.stationId = station.value;
    } catch (err) {
      replace(list, el('p', { class: 'error' }, `Could not load the security events: ${describeError(err)}`));
    }
  }

  return {
    /** The station choices (the first one's events show), then its events. */
    async loadStations() {
      await picker.load();
      await load();
    },
    /** Again, for the station chosen (a security.event arrived). */
    load,
  };
}
