// The site allocator's rules, one table each (issue 17 item 2); the property test over random sites is beside it.
import { describe, expect, it } from 'vitest';
import {
  allocateSiteLoad, type ChargingSession, type SiteLoad, type SiteStation,
} from '../../../src/domain/load-allocation.js';
import { LOW_DRAW_AFTER_S, drawsWellBelow, type MeasuredDraw } from '../../../src/domain/measured-draw.js';

const aSite = (o: Partial<SiteLoad> = {}): SiteLoad => ({ maxCurrentA: 32, phases: 3, voltageV: 230, minCurrentA: 6, strategy: 'equal', ...o });
const T0 = Date.parse('2026-12-01T08:00:00Z');

/** Session n on station n, started n minutes after T0 (so a lower n came first). */
const aSession = (n: number, o: Partial<ChargingSession> = {}): ChargingSession => ({
  sessionId: n, stationId: n, startedAt: new Date(T0 + n * 60_000), measured: null, lowDrawForS: 0, ...o,
});
const aStation = (n: number, o: Partial<SiteStation> = {}): SiteStation => ({ stationId: n, maxCurrentA: null, priority: 0, ...o });
const sessions = (count: number) => Array.from({ length: count }, (_, i) => aSession(i + 1));
const stations = (count: number, o: Partial<SiteStation> = {}) => Array.from({ length: count }, (_, i) => aStation(i + 1, o));

/** The allocation as [limitA, reason] by sessionId, after checking that the limits fit the site. */
function allocate(site: SiteLoad, st: SiteStation[], se: ChargingSession[]) {
  const a = allocateSiteLoad(site, st, se);
  const tenths = a.limits.reduce((sum, l) => sum + Math.round(l.limitA * 10), 0);
  expect(tenths).toBeLessThanOrEqual(Math.round(site.maxCurrentA * 10));
  expect(Math.round(a.allocatedA * 10)).toBe(tenths);
  return Object.fromEntries(a.limits.map((l) => [l.sessionId, [l.limitA, l.reason]]));
}

describe('equal share', () => {
  it.each([
    [1, { 1: [32, 'share'] }],
    [2, { 1: [16, 'share'], 2: [16, 'share'] }],
    // 320 tenths over 3: 106 each and the 2 tenths left to the first two to start.
    [3, { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
    [5, { 1: [6.4, 'share'], 2: [6.4, 'share'], 3: [6.4, 'share'], 4: [6.4, 'share'], 5: [6.4, 'share'] }],
  ])('%i sessions on 32 A', (count, expected) => {
    expect(allocate(aSite(), stations(count), sessions(count))).toEqual(expected);
  });

  it('a site with no session allocates nothing', () => {
    expect(allocateSiteLoad(aSite(), stations(2), [])).toEqual({ limits: [], allocatedA: 0 });
  });

  it('ignores priorities', () => {
    expect(allocate(aSite(), [aStation(1, { priority: 9 }), aStation(2), aStation(3)], sessions(3)))
      .toEqual({ 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] });
  });
});

describe('water-filling', () => {
  it.each([
    ['one charger rated 10 A: the others share the rest', [10, null, null], { 1: [10, 'charger-max'], 2: [11, 'share'], 3: [11, 'share'] }],
    ['two capped chargers', [7.5, 8, null], { 1: [7.5, 'charger-max'], 2: [8, 'charger-max'], 3: [16.5, 'share'] }],
    ['every charger capped: the rest stays unallocated', [7, 8, 9], { 1: [7, 'charger-max'], 2: [8, 'charger-max'], 3: [9, 'charger-max'] }],
    ['a rating above the site is the site', [50, null, null], { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
    ['a charger rated below the minimum gets its rating, not a pause', [4, null, null], { 1: [4, 'charger-max'], 2: [14, 'share'], 3: [14, 'share'] }],
  ])('%s', (_name, ratings, expected) => {
    const st = ratings.map((r, i) => aStation(i + 1, { maxCurrentA: r }));
    expect(allocate(aSite(), st, sessions(3))).toEqual(expected);
  });

  it('the lone session on a charger rated above the site gets the site', () => {
    expect(allocate(aSite({ maxCurrentA: 16 }), [aStation(1, { maxCurrentA: 32 })], [aSession(1)])).toEqual({ 1: [16, 'share'] });
  });
});

describe('measured draw', () => {
  const low = (measured: MeasuredDraw, lowDrawForS = LOW_DRAW_AFTER_S): Partial<ChargingSession> => ({ measured, lowDrawForS });

  it.each([
    ['5 A measured for the full time: 5 + 2 A, the rest re-shared', low({ phaseCurrentsA: [5, 4.5, 5] }), { 1: [7, 'measured-draw'], 2: [12.5, 'share'], 3: [12.5, 'share'] }],
    ['the highest phase counts', low({ phaseCurrentsA: [1, 7, 2] }), { 1: [9, 'measured-draw'], 2: [11.5, 'share'], 3: [11.5, 'share'] }],
    ['power spread over 3 phases at 230 V (3450 W = 5 A)', low({ powerW: 3_450 }), { 1: [7, 'measured-draw'], 2: [12.5, 'share'], 3: [12.5, 'share'] }],
    ['a car drawing nothing keeps the minimum, not a pause', low({ phaseCurrentsA: [0, 0, 0] }), { 1: [6, 'measured-draw'], 2: [13, 'share'], 3: [13, 'share'] }],
    ['not long enough yet: the full share', low({ phaseCurrentsA: [3, 3, 3] }, LOW_DRAW_AFTER_S - 1), { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
    ['no measurement yet: the full share', { lowDrawForS: 600 }, { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
    ['a draw cap above the share changes nothing', low({ phaseCurrentsA: [9.5, 9, 9] }), { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
  ])('%s', (_name, first, expected) => {
    expect(allocate(aSite(), stations(3), [aSession(1, first), aSession(2), aSession(3)])).toEqual(expected);
  });

  it('under a charger rating, the lower cap wins', () => {
    expect(allocate(aSite(), [aStation(1, { maxCurrentA: 10 }), aStation(2)], [aSession(1, low({ phaseCurrentsA: [4, 4, 4] })), aSession(2)]))
      .toEqual({ 1: [6, 'measured-draw'], 2: [26, 'share'] });
  });

  it('a reduced car that draws more than before is not "well below" any more: its time restarts and it gets its share back', () => {
    const reduced = allocate(aSite(), stations(2), [aSession(1, low({ phaseCurrentsA: [5, 5, 5] })), aSession(2)]);
    expect(reduced).toEqual({ 1: [7, 'measured-draw'], 2: [25, 'share'] });
    expect(drawsWellBelow(5, 7)).toBe(true); // steady at 5 A: it stays reduced
    expect(drawsWellBelow(5.1, 7)).toBe(false); // asks for more: the caller resets lowDrawForS to 0
    expect(allocate(aSite(), stations(2), [aSession(1, low({ phaseCurrentsA: [5.1, 5, 5] }, 0)), aSession(2)]))
      .toEqual({ 1: [16, 'share'], 2: [16, 'share'] });
  });

  it.each([[14, 16, true], [14.1, 16, false], [0, 2, true], [0, 1.9, false]])('drawsWellBelow(%f A, limit %f A) is %s', (draw, limit, expected) => {
    expect(drawsWellBelow(draw, limit)).toBe(expected);
  });
});

describe('phases', () => {
  // 1380 W is 6 A on one phase at 230 V, 2 A per phase on three.
  const measured = { measured: { powerW: 1_380 }, lowDrawForS: LOW_DRAW_AFTER_S };
  it.each([
    [1, { 1: [8, 'measured-draw'], 2: [24, 'share'] }],
    [3, { 1: [6, 'measured-draw'], 2: [26, 'share'] }],
  ] as const)('a %i-phase site turns power into current per phase', (phases, expected) => {
    expect(allocate(aSite({ phases }), stations(2), [aSession(1, measured), aSession(2)])).toEqual(expected);
  });

  it('a 1-phase site at 120 V', () => {
    expect(allocate(aSite({ phases: 1, voltageV: 120, maxCurrentA: 40 }), stations(2), [aSession(1, { measured: { powerW: 960 }, lowDrawForS: 300 }), aSession(2)]))
      .toEqual({ 1: [10, 'measured-draw'], 2: [30, 'share'] });
  });
});

describe('priority', () => {
  const site = aSite({ strategy: 'priority' });
  it.each([
    ['the higher level first, the lower gets its minimum', [2, 2, 1], [null, null, null], { 1: [13, 'share'], 2: [13, 'share'], 3: [6, 'minimum'] }],
    ['a capped higher level leaves more to the lower one', [2, 2, 1], [10, 10, null], { 1: [10, 'charger-max'], 2: [10, 'charger-max'], 3: [12, 'share'] }],
    ['three levels', [3, 2, 1], [null, null, null], { 1: [20, 'share'], 2: [6, 'minimum'], 3: [6, 'minimum'] }],
    ['equal within a level', [1, 1, 1], [null, null, null], { 1: [10.7, 'share'], 2: [10.7, 'share'], 3: [10.6, 'share'] }],
    ['a later start on a higher level still comes first', [0, 0, 5], [null, null, 20], { 1: [6, 'minimum'], 2: [6, 'minimum'], 3: [20, 'charger-max'] }],
  ])('%s', (_name, priorities, ratings, expected) => {
    const st = priorities.map((priority, i) => aStation(i + 1, { priority, maxCurrentA: ratings[i] ?? null }));
    expect(allocate(site, st, sessions(3))).toEqual(expected);
  });

  it('a session\'s own priority overrides its station\'s', () => {
    expect(allocate(site, stations(2), [aSession(1), aSession(2, { priority: 4 })])).toEqual({ 1: [6, 'minimum'], 2: [26, 'share'] });
  });
});

describe('pausing below the minimum', () => {
  it('6 sessions of 6 A on 32 A: the newest is paused, the others share', () => {
    const a = allocate(aSite(), stations(6), sessions(6));
    expect(a).toEqual({ 1: [6.4, 'share'], 2: [6.4, 'share'], 3: [6.4, 'share'], 4: [6.4, 'share'], 5: [6.4, 'share'], 6: [0, 'paused'] });
  });

  it('pauses by start time, not by the order given', () => {
    const given = [aSession(3), aSession(7), aSession(1), aSession(5), aSession(2), aSession(6), aSession(4)];
    const a = allocate(aSite(), stations(7), given);
    expect(Object.entries(a).filter(([, [limit]]) => limit === 0).map(([id]) => Number(id))).toEqual([6, 7]);
  });

  it('resumes first-come: when one stops, the earliest paused one runs again and the later stays paused', () => {
    const all = sessions(7);
    expect(allocate(aSite(), stations(7), all)).toMatchObject({ 6: [0, 'paused'], 7: [0, 'paused'] });
    const afterStop = all.filter((s) => s.sessionId !== 2);
    expect(allocate(aSite(), stations(7), afterStop)).toMatchObject({ 6: [6.4, 'share'], 7: [0, 'paused'] });
  });

  it('with priority, the lowest priority is paused first even when it started first', () => {
    const st = [aStation(1, { priority: 0 }), ...[2, 3, 4, 5, 6].map((n) => aStation(n, { priority: 1 }))];
    const a = allocate(aSite({ strategy: 'priority' }), st, sessions(6));
    expect(a[1]).toEqual([0, 'paused']);
    expect(a[6]).toEqual([6.4, 'share']);
  });

  it('a site below the minimum pauses everyone', () => {
    expect(allocate(aSite({ maxCurrentA: 5 }), stations(2), sessions(2))).toEqual({ 1: [0, 'paused'], 2: [0, 'paused'] });
  });

  it('a session whose charger is rated below the minimum needs only its rating to run', () => {
    // 3 × 6 A does not fit 16 A, but 6 + 6 + 4 does.
    const st = [aStation(1), aStation(2), aStation(3, { maxCurrentA: 4 })];
    expect(allocate(aSite({ maxCurrentA: 16 }), st, sessions(3))).toEqual({ 1: [6, 'share'], 2: [6, 'share'], 3: [4, 'charger-max'] });
  });
});

describe('a charger that ignores profiles (fixedA)', () => {
  const ignoring = (fixedA: number): Partial<ChargingSession> => ({ fixedA });
  it.each([
    ['counted at its rating first, the others share the rest', 32, [ignoring(16), {}, {}], { 1: [16, 'ignores-profiles'], 2: [8, 'share'], 3: [8, 'share'] }],
    ['never paused, though it started last: the others are', 32, [{}, {}, ignoring(27)], { 1: [0, 'paused'], 2: [0, 'paused'], 3: [27, 'ignores-profiles'] }],
    ['the newest of the others is paused when the rest fits one minimum only', 32, [{}, {}, ignoring(21)], { 1: [11, 'share'], 2: [0, 'paused'], 3: [21, 'ignores-profiles'] }],
    ['fixed sessions alone above the site: everyone else paused, the overload shown', 16, [{}, ignoring(11), ignoring(11)], { 1: [0, 'paused'], 2: [11, 'ignores-profiles'], 3: [11, 'ignores-profiles'] }],
  ] as const)('%s', (_name, maxCurrentA, given, expected) => {
    const se = given.map((o, i) => aSession(i + 1, o));
    const a = allocateSiteLoad(aSite({ maxCurrentA }), stations(3), se);
    expect(Object.fromEntries(a.limits.map((l) => [l.sessionId, [l.limitA, l.reason]]))).toEqual(expected);
    expect(a.allocatedA).toBe(Object.values(expected).reduce((sum, [limit]) => sum + limit, 0));
  });

  it('with priority, the fixed session is deducted before the highest level', () => {
    const st = [aStation(1, { priority: 0 }), aStation(2, { priority: 5 }), aStation(3, { priority: 1 })];
    expect(allocate(aSite({ strategy: 'priority' }), st, [aSession(1, ignoring(10)), aSession(2), aSession(3)]))
      .toEqual({ 1: [10, 'ignores-profiles'], 2: [16, 'share'], 3: [6, 'minimum'] });
  });

  it('a low draw does not reduce it: it is not told anything it would follow', () => {
    expect(allocate(aSite(), stations(2), [aSession(1, { fixedA: 16, measured: { phaseCurrentsA: [2, 2, 2] }, lowDrawForS: 600 }), aSession(2)]))
      .toEqual({ 1: [16, 'ignores-profiles'], 2: [16, 'share'] });
  });
});
