// The allocator's promises over random sites, chargers and sessions (a seeded generator: a failure prints its seed,
// and ALLOCATION_SEED=<seed> replays it). Each promise is checked on every draw.
import { describe, expect, it } from 'vitest';
import { allocateSiteLoad, type ChargingSession, type SiteLoad, type SiteStation } from '../../../src/domain/load-allocation.js';
import { Prng } from '../../helpers/prng.js';

const RUNS = 2_000;
const SEED = Number(process.env.ALLOCATION_SEED ?? Date.now() % 2 ** 31);

interface Draw { site: SiteLoad; stations: SiteStation[]; sessions: ChargingSession[] }

const tenths = (r: Prng, min: number, max: number): number => r.between(min, max) / 10;

function aDraw(r: Prng): Draw {
  const maxCurrentA = tenths(r, 1, 2_000);
  const site: SiteLoad = {
    maxCurrentA, phases: r.pick([1, 3] as const), voltageV: r.pick([120, 230, 240]),
    minCurrentA: r.chance(0.7) ? Math.min(6, maxCurrentA) : tenths(r, 1, Math.round(maxCurrentA * 10)),
    strategy: r.pick(['equal', 'priority'] as const),
  };
  const stations = Array.from({ length: r.between(1, 8) }, (_, i): SiteStation => ({
    stationId: i + 1, maxCurrentA: r.chance(0.3) ? null : tenths(r, 1, 800), priority: r.between(0, 3),
  }));
  const sessions = Array.from({ length: r.between(0, 14) }, (_, i): ChargingSession => ({
    sessionId: 100 + i, stationId: r.between(1, stations.length + 1), // now and then a station the site does not list
    startedAt: new Date(Date.UTC(2026, 11, 1) + r.int(10) * 60_000), // ties on purpose: sessionId settles them
    ...(r.chance(0.2) ? { priority: r.between(0, 3) } : {}),
    measured: r.pick([null, { phaseCurrentsA: [tenths(r, 0, 400), tenths(r, 0, 400), tenths(r, 0, 400)] }, { powerW: r.int(50_000) }]),
    lowDrawForS: r.pick([0, 60, 119, 120, 600]),
    // Now and then a charger that ignores profiles, counted at its rating (or the site's when it has none).
    ...(r.chance(0.1) ? { fixedA: tenths(r, 1, 800) } : {}),
  }));
  return { site, stations, sessions };
}

const shuffled = <T>(r: Prng, xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const toTenths = (a: number) => Math.round(a * 10);
const chargerMaxOf = (d: Draw, s: ChargingSession) => d.stations.find((st) => st.stationId === s.stationId)?.maxCurrentA ?? null;
/** The least a running session may get: the site's minimum, or its charger's rating when that is lower. */
const floorOf = (d: Draw, s: ChargingSession) => Math.min(toTenths(d.site.minCurrentA), toTenths(chargerMaxOf(d, s) ?? Infinity));
const priorityOf = (d: Draw, s: ChargingSession) => s.priority ?? d.stations.find((st) => st.stationId === s.stationId)?.priority ?? 0;

function check(d: Draw, r: Prng): void {
  const a = allocateSiteLoad(d.site, d.stations, d.sessions);
  const limit = new Map(a.limits.map((l) => [l.sessionId, toTenths(l.limitA)]));
  const fixed = d.sessions.filter((s) => s.fixedA !== undefined);
  const fixedSum = fixed.reduce((x, s) => x + toTenths(s.fixedA!), 0);
  // What the sessions that follow profiles share: the site less those that ignore them (rule 4).
  const capacity = Math.max(0, toTenths(d.site.maxCurrentA) - fixedSum);
  const sumAll = [...limit.values()].reduce((x, y) => x + y, 0);
  const sum = sumAll - fixedSum;

  expect(sum, 'the limits summed never exceed maxCurrentA less the fixed sessions').toBeLessThanOrEqual(capacity);
  expect(toTenths(a.allocatedA)).toBe(sumAll);
  for (const l of a.limits) expect(Math.abs(l.limitA * 10 - toTenths(l.limitA)), 'multiples of 0.1 A').toBeLessThan(1e-9);
  for (const s of fixed) {
    expect(a.limits.find((l) => l.sessionId === s.sessionId), 'a fixed session keeps its rating, never paused')
      .toMatchObject({ limitA: s.fixedA, reason: 'ignores-profiles' });
  }
  for (const s of d.sessions.filter((x) => x.fixedA === undefined)) {
    const mine = limit.get(s.sessionId)!;
    expect(mine === 0 || mine >= floorOf(d, s), `session ${s.sessionId}: nobody between 0 and the minimum`).toBe(true);
    expect(mine).toBeLessThanOrEqual(Math.min(capacity, toTenths(chargerMaxOf(d, s) ?? Infinity)));
  }

  const following = d.sessions.filter((s) => s.fixedA === undefined);
  const paused = following.filter((s) => limit.get(s.sessionId) === 0 && floorOf(d, s) > 0);
  const floors = following.reduce((x, s) => x + floorOf(d, s), 0);
  expect(paused.length > 0, 'pausing happens exactly when the minimums do not all fit').toBe(floors > capacity);
  // First-come: nobody running started after a paused session of the same or a lower priority level.
  const rank = (s: ChargingSession) => [d.site.strategy === 'priority' ? -priorityOf(d, s) : 0, s.startedAt.getTime(), s.sessionId];
  const before = (x: number[], y: number[]) => x[0]! < y[0]! || (x[0] === y[0] && (x[1]! < y[1]! || (x[1] === y[1] && x[2]! < y[2]!)));
  const runningOnes = following.filter((x) => limit.get(x.sessionId)! > 0);
  for (const p of paused) {
    for (const s of runningOnes) expect(before(rank(s), rank(p))).toBe(true);
  }
  // No more paused than needed: the first paused one would not have fitted beside those running.
  const next = [...paused].sort((x, y) => (before(rank(x), rank(y)) ? -1 : 1))[0];
  const runningFloors = runningOnes.reduce((x, s) => x + floorOf(d, s), 0);
  if (next) expect(runningFloors + floorOf(d, next), 'paused only when its minimum did not fit').toBeGreaterThan(capacity);
  // Nothing wasted: when a session is held to a share (not a cap of its own), the whole site is given out.
  if (a.limits.some((l) => l.reason === 'share' || l.reason === 'minimum')) expect(sum, 'nothing left unallocated').toBe(capacity);
  expect(sumAll, 'over the site only by what the fixed sessions alone are over it').toBeLessThanOrEqual(Math.max(toTenths(d.site.maxCurrentA), fixedSum));

  expect(allocateSiteLoad(d.site, d.stations, d.sessions), 'deterministic').toEqual(a);
  const again = allocateSiteLoad(d.site, shuffled(r, d.stations), shuffled(r, d.sessions));
  expect(new Map(again.limits.map((l) => [l.sessionId, l])), 'the order given does not matter').toEqual(new Map(a.limits.map((l) => [l.sessionId, l])));
}

describe(`the allocator over ${RUNS} random sites (seed ${SEED})`, () => {
  it('keeps every promise', () => {
    const r = new Prng(SEED);
    for (let run = 0; run < RUNS; run++) {
      const d = aDraw(r);
      try {
        check(d, r);
      } catch (err) {
        throw new Error(`run ${run} of seed ${SEED} failed for ${JSON.stringify(d)}: ${(err as Error).message}`);
      }
    }
  });
});
