// The balancer's memory of each session (domain/load-tracking.ts) and the order its limits go out (load-plan.ts).
import { describe, expect, it } from 'vitest';
import { afterAnswer, ignoresProfiles, lowDrawForS, NEW_TRACK, trackDraw } from '../../../src/domain/load-tracking.js';
import { planProfiles } from '../../../src/domain/load-plan.js';
import type { SessionLimit } from '../../../src/domain/load-allocation.js';

const T0 = Date.parse('2026-12-03T09:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

describe('low draw over time', () => {
  it('counts from the first measurement well below the limit, and restarts when the car asks for more', () => {
    let t = trackDraw(NEW_TRACK, { limitA: 16, drawA: 15, measuredAt: at(0) }, at(1));
    expect(lowDrawForS(t, at(1))).toBe(0);
    t = trackDraw(t, { limitA: 16, drawA: 10, measuredAt: at(30) }, at(31));
    t = trackDraw(t, { limitA: 16, drawA: 9, measuredAt: at(60) }, at(61));
    expect(lowDrawForS(t, at(150))).toBe(120);
    t = trackDraw(t, { limitA: 16, drawA: 14.5, measuredAt: at(160) }, at(161));
    expect(lowDrawForS(t, at(161))).toBe(0);
  });

  it('a reduced limit keeps the time: the car that keeps its draw stays reduced', () => {
    let t = trackDraw(NEW_TRACK, { limitA: 16, drawA: 5, measuredAt: at(0) }, at(0));
    t = trackDraw(t, { limitA: 7, drawA: 5, measuredAt: at(125) }, at(130));
    expect(lowDrawForS(t, at(130))).toBe(130);
  });

  it('ignores a measurement taken before the limit changed: it says nothing about the new one', () => {
    let t = trackDraw(NEW_TRACK, { limitA: 16, drawA: 16, measuredAt: at(0) }, at(0));
    t = trackDraw(t, { limitA: 32, drawA: 16, measuredAt: at(0) }, at(5)); // raised; the car has not reported since
    expect(t.lowSince).toBeNull();
    t = trackDraw(t, { limitA: 32, drawA: 16, measuredAt: at(10) }, at(11)); // it really cannot take more
    expect(lowDrawForS(t, at(131))).toBe(121);
  });

  it('no limit or no measurement yet: nothing counted', () => {
    expect(trackDraw(NEW_TRACK, { limitA: null, drawA: 1, measuredAt: at(0) }, at(0)).lowSince).toBeNull();
    expect(trackDraw(NEW_TRACK, { limitA: 16, drawA: null, measuredAt: null }, at(0)).lowSince).toBeNull();
  });
});

describe('a charger that refuses profiles', () => {
  const retry = { answeredS: 30, silentS: 300 };
  it('counts at its rating until it is asked again: at the next interval after an answer, later after silence', () => {
    const refused = afterAnswer(NEW_TRACK, 'refused', at(0));
    expect(ignoresProfiles(refused, at(29), retry)).toBe(true);
    expect(ignoresProfiles(refused, at(30), retry)).toBe(false);
    const silent = afterAnswer(NEW_TRACK, 'silent', at(0));
    expect(ignoresProfiles(silent, at(299), retry)).toBe(true);
    expect(ignoresProfiles(silent, at(300), retry)).toBe(false);
  });

  it('no longer once it accepts', () => {
    expect(ignoresProfiles(afterAnswer(afterAnswer(NEW_TRACK, 'silent', at(0)), 'accepted', at(10)), at(11), retry)).toBe(false);
  });
});

describe('the order limits go out', () => {
  const limit = (sessionId: number, limitA: number, reason: SessionLimit['reason'] = 'share'): SessionLimit => ({ sessionId, stationId: sessionId, limitA, reason });
  it('lowers first, then those that accepted nothing yet, then raises; unchanged and ignoring sessions get nothing', () => {
    const accepted = new Map([[1, 32], [2, 8], [3, 10.7], [5, 16]]);
    const plan = planProfiles([limit(1, 10.7), limit(2, 10.6), limit(3, 10.7), limit(4, 10.6), limit(5, 16, 'ignores-profiles')], accepted);
    expect(plan).toEqual({ probe: [], lower: [limit(1, 10.7)], unconfirmed: [limit(4, 10.6)], raise: [limit(2, 10.6)] });
  });

  it('asks a charger that refused before first, alone, whatever it accepted once', () => {
    const plan = planProfiles([limit(1, 16), limit(2, 16), limit(3, 16)], new Map([[1, 22], [2, 16]]), new Set([2, 3]));
    expect(plan).toEqual({ probe: [limit(2, 16), limit(3, 16)], lower: [limit(1, 16)], unconfirmed: [], raise: [] });
  });
});
