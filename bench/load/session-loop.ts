// The `mix` load: what a real charger sends on one connector, over and over. Authorize, Preparing,
// StartTransaction, Charging, N MeterValues, Finishing, StopTransaction, Available; then the next driver.
// With an interval the MeterValues (and the pause between sessions) come at it; without one (saturation)
// every message goes as soon as the charger's last one is answered.
import type { BenchCharger } from './bench-charger.js';

export interface SessionLoopPlan {
  meterValuesPerSession: number;
  /** 0 = back to back. */
  intervalMs: number;
  running(): boolean;
}

const OFFLINE_RETRY_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs sessions on the connector until the run stops; a session started is left to the run's end to stop. */
export async function sessionLoop(c: BenchCharger, connectorId: number, plan: SessionLoopPlan): Promise<void> {
  // Connectors of one charger start their first session apart, as drivers arrive.
  if (plan.intervalMs > 0) await sleep(Math.random() * plan.intervalMs);
  // With an interval, the first session lasts 1 to N MeterValues at random, as if its driver had come earlier:
  // the fleet's sessions then end, and the next ones start, spread over a session's length, as in a fleet that
  // charges all day. Otherwise every stop and start of the fleet came in one burst a session after the
  // connections, inside the measured window or not depending on how long connecting took.
  let meterValues = plan.intervalMs > 0 ? 1 + Math.floor(Math.random() * plan.meterValuesPerSession) : plan.meterValuesPerSession;
  while (plan.running()) {
    if (!c.isOnline) { await sleep(OFFLINE_RETRY_MS); continue; }
    await oneSession(c, connectorId, plan, meterValues);
    meterValues = plan.meterValuesPerSession;
    if (plan.intervalMs > 0) await sleep(plan.intervalMs);
  }
}

async function oneSession(c: BenchCharger, connectorId: number, plan: SessionLoopPlan, meterValues: number): Promise<void> {
  if (!(await c.authorize(connectorId))) {
    // Refused or offline: the driver tries again later, not in a tight loop.
    await sleep(Math.max(plan.intervalMs, OFFLINE_RETRY_MS));
    return;
  }
  await c.status(connectorId, 'Preparing');
  if (!plan.running() || !(await c.startSession(connectorId))) return;
  await c.status(connectorId, 'Charging');
  for (let i = 0; i < meterValues && plan.running(); i++) {
    if (plan.intervalMs > 0) await sleep(plan.intervalMs);
    await c.meterValues(connectorId, Math.max(plan.intervalMs, 1_000));
  }
  // The run's end stops what is still open (BenchCharger.stopSessions), so the loop just leaves.
  if (!plan.running()) return;
  await c.status(connectorId, 'Finishing');
  await c.stopSession(connectorId);
  await c.status(connectorId, 'Available');
}
