// The bench scenarios (issue: benchmark). Every figure can be changed from the command line (bench/cli.ts).
import type { LoadProfile } from './load/protocol.js';

export type ScenarioName = 'steady' | 'stress' | 'saturation' | 'saturation-meter' | 'capacity' | 'storm' | 'connect-storm' | 'cluster';

export interface Scenario {
  name: ScenarioName;
  chargers: number;
  connectors: number;
  /** mix (the default): whole sessions with their status changes and heartbeats; meter: MeterValues only. */
  load: LoadProfile;
  /** mix: MeterValues per session, between StartTransaction and StopTransaction. */
  meterValuesPerSession: number;
  /** MeterValues interval per connector; 0 = saturation (the next message as soon as the last is answered). */
  meterIntervalS: number;
  /** How long the load is measured, after every charger has connected and started its sessions. */
  durationS: number;
  workers: number;
  /** capacity: chargers added per step, and how long each step is measured. */
  stepChargers: number;
  stepS: number;
  /** capacity: stop when p99 passes this. */
  p99LimitMs: number;
  /** storm: how long the chargers are cut off before they all reconnect at once. */
  outageS: number;
  /** connect-storm: new connections per second, and the fraction of chargers already registered (seeded). */
  ratePerS: number;
  knownFraction: number;
  /** A handshake not done within this counts as a timeout. */
  handshakeTimeoutS: number;
  /** Also drive the bare ocpp-rpc server, for the ceiling. */
  ceiling: boolean;
}

const base = {
  connectors: 2, workers: 2, stepChargers: 1_000, stepS: 15, p99LimitMs: 200, outageS: 20, ceiling: true,
  load: 'mix', meterValuesPerSession: 10, ratePerS: 1_000, knownFraction: 0.5, handshakeTimeoutS: 60,
} as const;

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  steady: { ...base, name: 'steady', chargers: 10_000, meterIntervalS: 10, durationS: 60 },
  stress: { ...base, name: 'stress', chargers: 1_000, meterIntervalS: 1, durationS: 60 },
  saturation: { ...base, name: 'saturation', chargers: 200, meterIntervalS: 0, durationS: 30 },
  // The figure measured before the mix existed, kept comparable: `saturation --load meter`.
  'saturation-meter': { ...base, name: 'saturation-meter', load: 'meter', chargers: 200, meterIntervalS: 0, durationS: 30 },
  capacity: { ...base, name: 'capacity', chargers: 30_000, meterIntervalS: 10, durationS: 0, ceiling: false },
  storm: { ...base, name: 'storm', chargers: 10_000, meterIntervalS: 10, durationS: 10, ceiling: false },
  'connect-storm': { ...base, name: 'connect-storm', chargers: 10_000, meterIntervalS: 0, durationS: 0, handshakeTimeoutS: 10 },
  // Issue 15: saturation's figures for one process and for N cluster nodes behind one address (bench/cluster/),
  // then capacity (--hold chargers connected and held); no bare ceiling (saturation has it).
  cluster: { ...base, name: 'cluster', chargers: 200, meterIntervalS: 0, durationS: 30, ceiling: false },
};

export const isLoadProfile = (v: string): v is LoadProfile => v === 'mix' || v === 'meter';
