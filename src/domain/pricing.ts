// Pricing a finished session: pure, in integer minor units of the tariff's ISO 4217 currency.
//
// Rounding (stated once, tested in test/unit/domain/pricing.test.ts):
//  - each line is quantity × unit price, rounded half-up to the minor unit (0.5 → 1) once, on the line;
//  - subtotal = sum of the rounded lines; tax = subtotal × taxRateBp / 10 000 rounded half-up once;
//    total = subtotal + tax. The tax rate is in basis points (19 % → 1900, 7.7 % → 770), so it stays an integer.
// Energy is priced per kWh from Wh; time per minute of the session (fractional minutes, from milliseconds).
// Idle: the minutes the connector reported SuspendedEV (domain/idle.ts) beyond idleGraceMin are billed.

export interface Tariff {
  id: number;
  name: string;
  isDefault: boolean;
  currency: string;
  pricePerKwhMinor: number;
  pricePerMinuteMinor: number;
  sessionFeeMinor: number;
  idleFeePerMinuteMinor: number;
  idleGraceMin: number;
  taxRateBp: number;
  stationIds: number[];
}

export type LineKind = 'energy' | 'time' | 'session_fee' | 'idle' | 'no_tariff';

/** A priced line; it copies the unit price it used, so a later tariff change never alters it. */
export interface InvoiceLine {
  kind: LineKind;
  description: string;
  quantity: number;
  unit: 'kWh' | 'min' | 'session';
  unitPriceMinor: number;
  amountMinor: number;
}

export interface PricedSession {
  currency: string;
  taxRateBp: number;
  lines: InvoiceLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface Usage {
  /** meterStop − meterStart; null when the stop had an anomaly (the session is then priced on 0 Wh). */
  energyWh: number | null;
  minutes: number;
  idleMinutes: number;
}

/** The currency of a session priced without any tariff (an invoice of 0 that says so). */
export const NO_TARIFF_CURRENCY = 'EUR';

/**
 * Half-up for non-negative amounts. Quantities arrive as decimals (kWh, minutes), so the product is first
 * snapped to 6 decimals: 1.5 kWh × 33 must be 49.5 → 50, not 49.49999… → 49.
 */
export function roundHalfUp(x: number): number {
  return Math.floor(Number(Math.max(0, x).toFixed(6)) + 0.5);
}

// No vehicle takes 10 MWh in one session: a larger figure is a broken register, priced like an anomaly (0 kWh)
// so that issuing the invoice, inside the stop's transaction, can never overflow an amount column.
export const MAX_BILLABLE_WH = 10_000_000;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function line(kind: LineKind, description: string, quantity: number, unit: InvoiceLine['unit'], unitPriceMinor: number): InvoiceLine {
  return { kind, description, quantity: round3(quantity), unit, unitPriceMinor, amountMinor: roundHalfUp(quantity * unitPriceMinor) };
}

function lines(t: Tariff, u: Usage): InvoiceLine[] {
  const plausible = u.energyWh !== null && u.energyWh >= 0 && u.energyWh <= MAX_BILLABLE_WH;
  const kwh = plausible ? u.energyWh! / 1000 : 0;
  const billedIdle = Math.max(0, u.idleMinutes - t.idleGraceMin);
  const energyNote = plausible ? 'Energy' : 'Energy (meter anomaly at stop: priced as 0 kWh)';
  const out = [line('energy', energyNote, kwh, 'kWh', t.pricePerKwhMinor)];
  if (t.pricePerMinuteMinor > 0) out.push(line('time', 'Charging time', Math.max(0, u.minutes), 'min', t.pricePerMinuteMinor));
  if (t.sessionFeeMinor > 0) out.push(line('session_fee', 'Session fee', 1, 'session', t.sessionFeeMinor));
  if (t.idleFeePerMinuteMinor > 0) {
    out.push(line('idle', `Idle beyond ${t.idleGraceMin} min grace`, billedIdle, 'min', t.idleFeePerMinuteMinor));
  }
  return out;
}

export function priceSession(tariff: Tariff | null, usage: Usage): PricedSession {
  if (!tariff) {
    // No tariff at all (none for the station, no default): the session is still invoiced, at 0, and says why.
    return {
      currency: NO_TARIFF_CURRENCY, taxRateBp: 0, subtotalMinor: 0, taxMinor: 0, totalMinor: 0,
      lines: [{ kind: 'no_tariff', description: 'No tariff applied', quantity: 1, unit: 'session', unitPriceMinor: 0, amountMinor: 0 }],
    };
  }
  const priced = lines(tariff, usage);
  const subtotalMinor = priced.reduce((sum, l) => sum + l.amountMinor, 0);
  // Integer arithmetic: subtotal × bp is exact, so half-up needs no decimal snapping here.
  const taxMinor = Math.floor((subtotalMinor * tariff.taxRateBp + 5_000) / 10_000);
  return { currency: tariff.currency, taxRateBp: tariff.taxRateBp, lines: priced, subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}
