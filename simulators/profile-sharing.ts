// The power a connector may draw now: its own limit (TxProfile over TxDefaultProfile, charging-profiles.ts) and the
// charger's rating, and, when a ChargePointMaxProfile is in force, its share of that limit for the whole charger
// (OCPP 1.6 section 3.13.1: "the maximum power or current available for an entire Charge Point"). The sessions
// share it by water-filling: a connector capped lower keeps its cap, the rest is split evenly among the others,
// so the sum of what the connectors may draw never exceeds it.
import type { ChargingProfiles, ProfileScope } from './charging-profiles.js';

export function connectorPowerLimitW(
  profiles: ChargingProfiles, scopes: readonly ProfileScope[], target: ProfileScope, nowMs: number, ratingW: number,
): number {
  const own = (s: ProfileScope): number => Math.max(0, Math.min(ratingW, profiles.connectorLimitW(s, nowMs) ?? Infinity));
  const stationMaxW = profiles.stationMaxW(target, nowMs);
  if (stationMaxW === null) return own(target);
  const sharing = scopes.filter((s) => s.sessionStartMs !== null && s.connectorId !== target.connectorId);
  // A connector without a session draws nothing; what it could draw is told as if it were the first to start.
  const capsW = [own(target), ...sharing.map(own)];
  return waterFilled(capsW, Math.max(0, stationMaxW))[0]!;
}

/** Each cap's share of totalW: the smallest caps are met in full, the rest split evenly. Shares in caps' order. */
export function waterFilled(capsW: readonly number[], totalW: number): number[] {
  const order = capsW.map((capW, index) => ({ capW, index })).sort((a, b) => a.capW - b.capW);
  const shares = new Array<number>(capsW.length).fill(0);
  let leftW = totalW;
  order.forEach(({ capW, index }, n) => {
    const shareW = Math.min(capW, leftW / (order.length - n));
    shares[index] = shareW;
    leftW -= shareW;
  });
  return shares;
}
