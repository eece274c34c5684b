// What the meter and the car would measure during a session: the energy register rises with power over time,
// the state of charge rises with the energy that went into the battery, and power tapers near a full battery.
import type { MeterValue, ReadingContext, SampledValue } from '../src/ocpp/wire/index.js';

export interface Physics {
  registerWh: number; // the connector's energy meter; never decreases
  socPercent: number;
  powerW: number;
  lastTickMs: number;
  batteryWh: number; // the plugged-in car's usable capacity
}

/** The car that plugs in for one session: its battery and how full it arrives. */
export interface SimulatedCar {
  batteryWh: number;
  startSocPercent: number;
}

// Usable capacities of the cars on the road today, from a small city car to a large SUV; drivers arrive with
// a fairly empty battery. With the CLI's defaults (DEMO_SESSION) the middle car, 70 kWh at 20 %, leaves at
// about 80 %, as a driver who unplugs at a DC charger when the taper starts.
const CAR_BATTERY_KWH = { min: 40, max: 100 };
/** The CLI's demo session: a 50 kW DC charger, and a stay that takes the middle car from ~20 % to ~80 %. */
export const DEMO_SESSION = { powerKw: 50, sessionMin: 50 } as const;
const CAR_ARRIVAL_SOC_PERCENT = { min: 15, max: 30 };

/** FNV-1a: a stable hash, so the same charger, connector and session number always get the same car. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The car of the nth session (from 1) on a connector; deterministic, so runs and tests repeat. */
export function simulatedCar(identity: string, connectorId: number, sessionNumber: number): SimulatedCar {
  const h = hash32(`${identity}#${connectorId}#${sessionNumber}`);
  const batteryKWh = CAR_BATTERY_KWH.min + (h % (CAR_BATTERY_KWH.max - CAR_BATTERY_KWH.min + 1));
  const socSpan = CAR_ARRIVAL_SOC_PERCENT.max - CAR_ARRIVAL_SOC_PERCENT.min + 1;
  const startSocPercent = CAR_ARRIVAL_SOC_PERCENT.min + (Math.floor(h / 65_536) % socSpan);
  return { batteryWh: batteryKWh * 1000, startSocPercent };
}

export interface Reading {
  registerWh: number;
  powerW: number;
  socPercent: number | null; // null: no car plugged in, so no SoC to report
}

// Above ~80 % a lithium pack switches to constant-voltage charging and its current falls off. A linear ramp
// down to a trickle is close enough for a simulator; at 100 % the car stops drawing altogether.
const TAPER_START_PERCENT = 80;
const TRICKLE_FRACTION = 0.05;
// Integrate in small steps so the taper is followed even when samples are minutes apart.
const INTEGRATION_STEP_MS = 1_000;
const MS_PER_HOUR = 3_600_000;

export function acceptedPowerW(limitW: number, socPercent: number): number {
  if (socPercent >= 100) return 0;
  if (socPercent <= TAPER_START_PERCENT) return limitW;
  const fraction = (100 - socPercent) / (100 - TAPER_START_PERCENT);
  return limitW * Math.max(TRICKLE_FRACTION, fraction);
}

/** Moves the session forward to nowMs at up to limitW (the charger's power or a charging-profile limit). */
export function advance(p: Physics, nowMs: number, limitW: number): void {
  let remainingMs = nowMs - p.lastTickMs;
  while (remainingMs > 0) {
    const stepMs = Math.min(INTEGRATION_STEP_MS, remainingMs);
    const stepWh = (acceptedPowerW(limitW, p.socPercent) * stepMs) / MS_PER_HOUR;
    p.registerWh += stepWh;
    p.socPercent = Math.min(100, p.socPercent + (stepWh / p.batteryWh) * 100);
    remainingMs -= stepMs;
  }
  p.powerW = acceptedPowerW(limitW, p.socPercent);
  p.lastTickMs = Math.max(p.lastTickMs, nowMs);
}

/** The register as a meter reports it: whole Wh, truncated, so it never runs ahead of the energy delivered. */
export function registerWhOf(registerWh: number): number {
  return Math.floor(registerWh);
}

function sampledValues(r: Reading, context: ReadingContext): SampledValue[] {
  const values: SampledValue[] = [
    {
      value: String(registerWhOf(r.registerWh)), context, measurand: 'Energy.Active.Import.Register',
      location: 'Outlet', unit: 'Wh',
    },
    { value: String(Math.round(r.powerW)), context, measurand: 'Power.Active.Import', location: 'Outlet', unit: 'W' },
  ];
  if (r.socPercent !== null) {
    values.push({ value: String(Math.floor(r.socPercent)), context, measurand: 'SoC', location: 'EV', unit: 'Percent' });
  }
  return values;
}

export function meterValue(r: Reading, context: ReadingContext, timestamp: string): MeterValue {
  return { timestamp, sampledValue: sampledValues(r, context) };
}
