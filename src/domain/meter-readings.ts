// Turning sampled values into the few live figures staff watch: energy register, power and state of charge.
// OCPP 1.6 §7.43: measurand defaults to Energy.Active.Import.Register, unit to Wh, context to Sample.Periodic.
import type { MeterSample } from './model.js';

export const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';
export const DEFAULT_CONTEXT = 'Sample.Periodic';

export interface SampledValueInput {
  value: string;
  measurand?: string;
  unit?: string;
  context?: string;
  phase?: string;
  location?: string;
  format?: string;
}

export function toMeterSamples(sampledAt: Date, values: SampledValueInput[]): MeterSample[] {
  return values.map((v) => ({
    sampledAt,
    measurand: v.measurand ?? DEFAULT_MEASURAND,
    value: v.value,
    unit: v.unit ?? (v.measurand === undefined ? 'Wh' : null),
    context: v.context ?? DEFAULT_CONTEXT,
    phase: v.phase ?? null,
    location: v.location ?? null,
    format: v.format ?? null,
  }));
}

export interface LatestReadings {
  at: Date;
  meterWh: number | null;
  powerW: number | null;
  socPercent: number | null;
}

const SCALE: Record<string, number> = { Wh: 1, kWh: 1000, W: 1, kW: 1000, Percent: 1 };

function numeric(sample: MeterSample): number | null {
  if (sample.format === 'SignedData') return null;
  const n = Number(sample.value);
  if (sample.value.trim() === '' || !Number.isFinite(n)) return null;
  return n * (SCALE[sample.unit ?? ''] ?? 1);
}

// Only whole-meter values (no phase) count: a per-phase value is a part, not the total.
function pick(samples: MeterSample[], measurand: string): number | null {
  const found = samples.find((s) => s.measurand === measurand && s.phase === null && numeric(s) !== null);
  return found ? numeric(found) : null;
}

/** A register in whole Wh; none past 2^53 ('1e20' is text a charger may send, not a meter anyone has). */
function wholeWh(wh: number | null): number | null {
  const whole = wh === null ? null : Math.round(wh);
  return whole !== null && Number.isSafeInteger(whole) ? whole : null;
}

/**
 * The readings of the newest instant in a batch; null when the batch carries none of the three. With `receivedAt`,
 * a reading stamped after it (a charger clock running ahead) counts as of its arrival, or once that clock is set
 * right the session's live figures would stay frozen until real time caught up (reportTime does the same for
 * statuses, domain/connectors.ts). The samples keep the charger's own timestamps.
 */
export function latestReadings(samples: MeterSample[], receivedAt?: Date): LatestReadings | null {
  if (samples.length === 0) return null;
  const newest = samples.reduce((a, b) => (b.sampledAt > a.sampledAt ? b : a)).sampledAt;
  const atNewest = samples.filter((s) => s.sampledAt.getTime() === newest.getTime());
  const meterWh = wholeWh(pick(atNewest, DEFAULT_MEASURAND));
  const powerW = pick(atNewest, 'Power.Active.Import');
  const socPercent = pick(atNewest, 'SoC');
  if (meterWh === null && powerW === null && socPercent === null) return null;
  const at = receivedAt && newest > receivedAt ? receivedAt : newest;
  return { at, meterWh, powerW, socPercent };
}

/** A session's figures over time, one point per sampled instant (the charging curve). */
export function meterSeries(samples: MeterSample[]): LatestReadings[] {
  const byInstant = new Map<number, MeterSample[]>();
  for (const s of samples) {
    const key = s.sampledAt.getTime();
    byInstant.set(key, [...(byInstant.get(key) ?? []), s]);
  }
  return [...byInstant.keys()].sort((a, b) => a - b)
    .map((key) => latestReadings(byInstant.get(key)!))
    .filter((r): r is LatestReadings => r !== null);
}
