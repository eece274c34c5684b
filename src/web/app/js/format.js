// How the app writes money, times and a connector's availability.

/** An amount in minor units of its currency (ISO 4217): 1234 EUR → €12.34, 500 JPY → ¥500.
 *  @param {number} minor @param {string} currency */
export function money(minor, currency) {
  try {
    const f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** A day and time as people read it: "Thu 3 Dec, 14:30". @param {string | Date} at */
export const when = (at) => new Date(at).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** What a slot's status means to a driver. @param {string} slotStatus */
export function availability(slotStatus) {
  switch (slotStatus) {
    case 'available': return 'Free';
    case 'booked': return 'Booked';
    case 'in_use': return 'In use';
    case 'inactive': return 'Out of service';
    default: return slotStatus;
  }
}

/** The value for a datetime-local input: this device's local time, to the minute. @param {Date} d */
export function localInput(d) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
