// Choosing a station in a form (operator actions, opening an issue, security events) when there may be thousands:
// a select of the first ones by chargeBoxId, and a search box beside it that asks the API (GET /api/stations?q=)
// for those whose chargeBoxId or name contains what is typed.
import { el, options } from './dom.js';
import { getPage } from './api.js';

export const PICKER_LIMIT = 100;
const TYPING_MS = 250;

/** @typedef {{ id: number, chargeBoxId: string, name?: string | null }} StationChoice */

/** @param {StationChoice} s @returns {[number, string]} */
const choice = (s) => [s.id, `${s.name ?? s.chargeBoxId} (id ${s.id})`];

/**
 * @param {string} testid  the select's data-testid; the search box is `${testid}-search`
 * @param {{ onChange?: () => void }} [handlers]  onChange: the user chose another station
 */
export function stationPicker(testid, { onChange } = {}) {
  const select = el('select', { name: 'station', 'data-testid': testid });
  const search = el('input', { type: 'search', name: 'station-search', placeholder: 'chargeBoxId or name', 'data-testid': `${testid}-search`, autocomplete: 'off' });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** @param {StationChoice[]} stations */
  function setChoices(stations) {
    options(select, stations.map(choice), select.value);
  }

  async function find() {
    const q = search.value.trim();
    try {
      setChoices((await getPage(`/stations?limit=${PICKER_LIMIT}&sort=chargeBoxId${q ? `&q=${encodeURIComponent(q)}` : ''}`)).items);
    } catch { /* the form's own action reports errors */ }
  }
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => void find(), TYPING_MS); });
  select.addEventListener('change', () => onChange?.());

  return {
    select,
    /** Both fields, labelled. */
    fields: [
      el('label', {}, el('span', {}, 'Find station'), search),
      el('label', {}, el('span', {}, 'Station'), select),
    ],
    setChoices,
    /** The choices for what the search box holds (the first ones when empty). */
    load: find,
  };
}
