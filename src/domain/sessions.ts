// The charging session's stop rule: energy = meterStop − meterStart (OCPP.md), and what to record when the
// charger's figures do not add up. A stop is always accepted; an anomaly is recorded, never refused.
import type { ChargingSession } from './model.js';

export type StopAnomaly = 'MeterWentBackwards' | 'StopBeforeStart';

export interface StopInput {
  meterStopWh: number;
  stoppedAt: Date;
}

export interface StopDecision {
  energyWh: number | null;
  anomaly: StopAnomaly | null;
}

export function decideStop(session: Pick<ChargingSession, 'meterStartWh' | 'startedAt'>, stop: StopInput): StopDecision {
  if (stop.meterStopWh < session.meterStartWh) return { energyWh: null, anomaly: 'MeterWentBackwards' };
  const energyWh = stop.meterStopWh - session.meterStartWh;
  if (stop.stoppedAt < session.startedAt) return { energyWh, anomaly: 'StopBeforeStart' };
  return { energyWh, anomaly: null };
}

/** Energy so far of a running session, from its latest register reading. */
export function energySoFar(s: Pick<ChargingSession, 'meterStartWh' | 'latestMeterWh'>): number | null {
  return s.latestMeterWh === null ? null : Math.max(0, s.latestMeterWh - s.meterStartWh);
}

export type SessionState = 'active' | 'completed';
export const sessionState = (s: Pick<ChargingSession, 'stoppedAt'>): SessionState =>
  s.stoppedAt === null ? 'active' : 'completed';
