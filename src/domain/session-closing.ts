// A session the charger will never stop (decommissioned, offline for days): staff close it (issue 18). It is
// recorded as a StopTransaction would be, through the same write path (services/session-stops.ts), as stopped
// for reason Other (OCPP 1.6 §7.42) at its last reading, with who closed it, when and why beside it.
import type { ChargingSession } from './model.js';

/** Who closed a session, when and why; and the charger's own StopTransaction if it came after all. */
export interface StaffClosure {
  closedBy: string | null;
  closedAt: Date | null;
  closedReason: string | null;
  /** A late StopTransaction's timestamp and meterStop: recorded, never invoiced again. */
  chargerStoppedAt: Date | null;
  chargerMeterStopWh: number | null;
}

/** OCPP 1.6 Reason: none of the charger's own reasons fits a stop the charger never made. */
export const STAFF_CLOSE_REASON = 'Other';

/**
 * The stop a staff close records: priced from the last reading, so meterStop is the newest energy register the
 * charger sent (meterStart when it sent none), and the session ends when that reading was taken (its start when
 * there was none): the days a dead charger stayed silent are not billed as charging time.
 */
export function closingStop(s: Pick<ChargingSession, 'meterStartWh' | 'startedAt' | 'latestMeterWh' | 'latestMeterAt'>)
  : { meterStopWh: number; stoppedAt: Date } {
  const readAt = s.latestMeterWh === null ? null : s.latestMeterAt;
  return {
    meterStopWh: s.latestMeterWh ?? s.meterStartWh,
    stoppedAt: readAt !== null && readAt > s.startedAt ? readAt : s.startedAt,
  };
}
