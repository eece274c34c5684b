// What a session draws, per phase, and when its share follows its draw instead (issue 17 item 2): a car that
// tapers (a full battery, a cold one) leaves current unused that other cars could take.
import { toTenths } from './sites.js';

/**
 * "Well below": at least this far below the limit the session was given, per phase. Chargers and cars report
 * current to about ±0.5 A and a car holds its draw within ~1 A of its setpoint, so 2 A is a real shortfall,
 * not noise.
 */
export const LOW_DRAW_GAP_A = 2;

/**
 * "For a while": it must have stayed well below this long before its share is reduced. Several MeterValues samples
 * (chargers commonly sample every 30-60 s), so a car still ramping up after its start, or one dipping for a moment,
 * keeps its share; a taper lasts minutes, so little is lost by waiting.
 */
export const LOW_DRAW_AFTER_S = 120;

/**
 * A reduced session's limit is its draw plus this. Equal to LOW_DRAW_GAP_A on purpose: a car that keeps drawing
 * what it drew stays exactly "well below" its reduced limit and keeps it, while one that draws any more than that
 * (it asks for more) is no longer well below, its low-draw time starts again from 0 and the next allocation gives
 * it its full share back.
 */
export const LOW_DRAW_MARGIN_A = LOW_DRAW_GAP_A;

/** A measurement: the current of each phase (Current.Import, per phase), or the session's total power. */
export type MeasuredDraw = { phaseCurrentsA: number[] } | { powerW: number };

/**
 * The draw per phase in tenths of an ampere: the highest phase when phases are measured (the limit binds on every
 * phase); otherwise the power spread over the site's phases at its voltage (a single-phase car on a three-phase
 * site then looks smaller than it is: it only loses share, it never overloads, since limits bind per phase).
 */
export function drawTenths(m: MeasuredDraw, site: { phases: number; voltageV: number }): number {
  if ('phaseCurrentsA' in m) return toTenths(Math.max(0, ...m.phaseCurrentsA));
  return toTenths(Math.max(0, m.powerW) / (site.voltageV * site.phases));
}

/** The test the caller applies to each measurement to count how long a session has drawn well below its limit. */
export const drawsWellBelow = (drawA: number, limitA: number): boolean => toTenths(drawA) <= toTenths(limitA) - toTenths(LOW_DRAW_GAP_A);

/** The reduced limit of a session that drew well below for long enough, in tenths; null when it keeps its share. */
export function lowDrawCapTenths(drawTenthsPerPhase: number | null, lowDrawForS: number): number | null {
  if (drawTenthsPerPhase === null || lowDrawForS < LOW_DRAW_AFTER_S) return null;
  return drawTenthsPerPhase + toTenths(LOW_DRAW_MARGIN_A);
}
