// Equal shares with water-filling, in whole tenths of an ampere: every claim gets the same level, clamped to its
// floor and its cap, so a session that cannot use its equal share (capped by its charger or by its draw) takes
// only what it can use and the rest is shared among the others.

/** One claim on the capacity, in tenths: at least floor, at most cap (floor ≤ cap). */
export interface Claim {
  floor: number;
  cap: number;
}

export interface Filled {
  /** Per claim, in the order given. */
  shares: number[];
  /** The water level: a claim whose share is above its floor and below its cap got this (or one tenth more). */
  level: number;
}

const clamp = (level: number, c: Claim): number => Math.min(c.cap, Math.max(c.floor, level));
const total = (claims: Claim[], level: number): number => claims.reduce((sum, c) => sum + clamp(level, c), 0);

/**
 * The highest level whose shares fit the capacity, then the tenths left over one each to the first claims (in the
 * order given: the caller puts them first-come) that can still take one. The sum never exceeds the capacity when
 * the floors fit in it; the caller guarantees that (it pauses sessions until they do).
 */
export function waterFill(claims: Claim[], capacity: number): Filled {
  const highest = Math.max(0, ...claims.map((c) => c.cap));
  if (total(claims, highest) <= capacity) return { shares: claims.map((c) => c.cap), level: highest };
  // total() grows with the level: search the largest level that still fits.
  let low = 0;
  let high = highest;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(claims, mid) <= capacity) low = mid; else high = mid - 1;
  }
  const shares = claims.map((c) => clamp(low, c));
  let left = capacity - total(claims, low);
  for (let i = 0; i < claims.length && left > 0; i++) {
    const c = claims[i]!;
    if (c.floor <= low && low < c.cap) {
      shares[i] = low + 1;
      left--;
    }
  }
  return { shares, level: low };
}
