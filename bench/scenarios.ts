// The bench scenarios (issue: benchmark). Every figure can be changed from the command line (bench/cli.ts).
export type ScenarioName = 'steady' | 'stress' | 'saturation' | 'capacity' | 'storm';

export interface Scenario {
  name: ScenarioName;
  chargers: number;
  connectors: number;
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
  /** Also drive the bare ocpp-rpc server, for the ceiling. */
  ceiling: boolean;
}

const base = {
  connectors: 2, workers: 2, stepChargers: 1_000, stepS: 15, p99LimitMs: 200, outageS: 20, ceiling: true,
};

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  steady: { ...base, name: 'steady', chargers: 10_000, meterIntervalS: 10, durationS: 60 },
  stress: { ...base, name: 'stress', chargers: 1_000, meterIntervalS: 1, durationS: 60 },
  saturation: { ...base, name: 'saturation', chargers: 200, meterIntervalS: 0, durationS: 30 },
  capacity: { ...base, name: 'capacity', chargers: 30_000, meterIntervalS: 10, durationS: 0, ceiling: false },
  storm: { ...base, name: 'storm', chargers: 10_000, meterIntervalS: 10, durationS: 10, ceiling: false },
};
