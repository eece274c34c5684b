// A charger clock running ahead of ours, seen on its live messages (issue 6). Only "ahead" can be told: a
// timestamp behind our receipt is what a message queued while offline and delivered late looks like (OCPP 1.6
// §4.7), so a clock that is behind cannot be told from a late message and is not recorded. A timestamp ahead of
// its receipt cannot be late, so it is evidence whatever the message. Hysteresis keeps a clock hovering near a
// bound from costing a write per message: recorded past ABOVE_S, cleared within IN_SYNC_S, rewritten only when
// it moved by CHANGE_S.
export const CLOCK_AHEAD_ABOVE_S = 60;
export const CLOCK_IN_SYNC_S = 30;
export const CLOCK_SKEW_CHANGE_S = 30;
// The column is a PostgreSQL integer; a charger that believes it is the year 9999 is recorded as this far ahead.
const MAX_RECORDED_S = 2_147_483_647;

export interface ClockSkewChange {
  /** Seconds ahead to record, or null: back in sync. */
  aheadS: number | null;
}

/** What to record after seeing one charger timestamp at our receipt time; null when what is recorded stands. */
export function clockSkewChange(recordedS: number | null, chargerTime: Date, receivedAt: Date): ClockSkewChange | null {
  const aheadS = Math.min(Math.round((chargerTime.getTime() - receivedAt.getTime()) / 1000), MAX_RECORDED_S);
  if (aheadS > CLOCK_AHEAD_ABOVE_S) {
    return recordedS === null || Math.abs(aheadS - recordedS) >= CLOCK_SKEW_CHANGE_S ? { aheadS } : null;
  }
  // Back in sync. A message replayed late from a clock still ahead can look in sync too (late by about the
  // skew); the next live message then records the skew again.
  if (recordedS !== null && Math.abs(aheadS) <= CLOCK_IN_SYNC_S) return { aheadS: null };
  return null;
}
