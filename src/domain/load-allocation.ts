// The site allocator (issue 17 item 2): given a site, its chargers and the sessions charging there, the limit each
// session may draw, per phase, and why. Pure: the caller measures, sends the limits and counts time.
//
// Rules, in order:
// 1. Who runs. No running session gets less than the site's minCurrentA (IEC 61851-1: a car cannot charge below
//    6 A), so when the site cannot give every session its minimum, sessions are paused at 0 A: the most recently
//    started first (with 'priority': the lowest priority first, then the most recently started). Sessions are taken
//    first-come and the first that does not fit is paused with all after it, so no later session ever overtakes a
//    paused one: when capacity frees, the paused sessions resume in the order they started.
// 2. How much. 'equal': one equal share per running session, water-filled (a session capped by its charger or by
//    its measured draw takes what it can use; the rest is re-shared). 'priority': the highest priority level is
//    water-filled first with everything but the minimums of the levels below, then the next level with what is left.
// 3. Every session is counted on every phase of the site (a single-phase car too: the safe side), so the limits
//    summed never exceed maxCurrentA on any phase.
// 4. A session whose charger refused or did not answer its last profile (fixedA) draws what it likes, up to its
//    charger's rating: it is counted at fixedA, deducted before the others share what is left, and never paused
//    (pausing it would be a limit it ignores). When the fixed sessions alone exceed the site, everyone else is paused.
import { LOW_DRAW_AFTER_S, LOW_DRAW_GAP_A, LOW_DRAW_MARGIN_A, drawTenths, lowDrawCapTenths, type MeasuredDraw } from './measured-draw.js';
import { fromTenths, toTenths, type SiteSettings } from './sites.js';
import { waterFill, type Claim } from './water-filling.js';

export type SiteLoad = Pick<SiteSettings, 'maxCurrentA' | 'phases' | 'voltageV' | 'minCurrentA' | 'strategy'>;

export interface SiteStation {
  stationId: number;
  /** The charger's rating per phase, per connector; null: only the site limits it. */
  maxCurrentA: number | null;
  /** Higher first (the 'priority' strategy). */
  priority: number;
}

export interface ChargingSession {
  sessionId: number;
  stationId: number;
  startedAt: Date;
  /** Overrides its station's priority; its station's when absent. */
  priority?: number;
  /** The latest measurement; null before the first. */
  measured: MeasuredDraw | null;
  /** How long, up to now, it has drawn well below the limit it was given (measured-draw.ts drawsWellBelow); 0 when it does not. */
  lowDrawForS: number;
  /** Its charger ignores profiles (rejected or did not answer the last one): counted at this, its full rating (rule 4). */
  fixedA?: number;
}

export type LimitReason = 'share' | 'charger-max' | 'measured-draw' | 'minimum' | 'paused' | 'ignores-profiles';

/** Why a session has its limit, in the operator's words (the dashboard shows it). */
export const LIMIT_REASONS: Record<LimitReason, string> = {
  share: 'its equal share of the site (with the priority strategy: of what higher priorities left)',
  'charger-max': 'its charger\'s maxCurrentA',
  'measured-draw': `it drew at least ${LOW_DRAW_GAP_A} A below its limit for ${LOW_DRAW_AFTER_S} s: its draw plus ${LOW_DRAW_MARGIN_A} A`,
  minimum: 'higher priorities took the rest: the site\'s minCurrentA',
  paused: 'the site cannot give every session minCurrentA: paused at 0 A, newest (lowest priority) first, resumed first-come',
  'ignores-profiles': 'its charger refused or did not answer its last charging profile: counted at the charger\'s full maxCurrentA until it accepts one',
};

export interface SessionLimit {
  sessionId: number;
  stationId: number;
  /** A per phase, a multiple of 0.1; 0 = paused. */
  limitA: number;
  reason: LimitReason;
}

export interface Allocation {
  /** One per session, in the order given. */
  limits: SessionLimit[];
  /** The sum of the limits, per phase: never above the site's maxCurrentA unless fixed sessions alone are (rule 4). */
  allocatedA: number;
}

interface Entry extends Claim {
  session: ChargingSession;
  priority: number;
  /** What a share that reaches the cap is capped by. */
  capReason: LimitReason;
}

function toEntry(site: SiteLoad, stations: Map<number, SiteStation>, session: ChargingSession): Entry {
  const siteMax = toTenths(site.maxCurrentA);
  const station = stations.get(session.stationId);
  const chargerMax = station?.maxCurrentA == null ? Infinity : toTenths(station.maxCurrentA);
  const rating = Math.min(siteMax, chargerMax);
  // A charger rated below the site's minimum can never give it: its rating is its minimum then.
  const floor = Math.min(toTenths(site.minCurrentA), chargerMax);
  const drawCap = lowDrawCapTenths(session.measured && drawTenths(session.measured, site), session.lowDrawForS);
  const reducedByDraw = drawCap !== null && drawCap < rating;
  return {
    session, priority: session.priority ?? station?.priority ?? 0, floor,
    cap: reducedByDraw ? Math.max(floor, drawCap) : rating,
    capReason: reducedByDraw ? 'measured-draw' : rating < siteMax ? 'charger-max' : 'share',
  };
}

/** First-come order, within priority levels for 'priority'; sessionId settles ties so the result is deterministic. */
function keepOrder(strategy: SiteLoad['strategy']) {
  return (a: Entry, b: Entry): number => (strategy === 'priority' ? b.priority - a.priority : 0)
    || a.session.startedAt.getTime() - b.session.startedAt.getTime() || a.session.sessionId - b.session.sessionId;
}

/** Rule 1: the longest first-come run whose minimums fit the site; the rest are paused. */
function running(ordered: Entry[], capacity: number): Entry[] {
  let used = 0;
  const fit = ordered.findIndex((e) => (used += e.floor) > capacity);
  return fit === -1 ? ordered : ordered.slice(0, fit);
}

/** Rule 2: the levels (one for 'equal'), highest first; each keeps back the minimums of the levels below it. */
function levels(entries: Entry[], strategy: SiteLoad['strategy']): Entry[][] {
  if (strategy === 'equal') return [entries];
  const byPriority = new Map<number, Entry[]>();
  for (const e of entries) byPriority.set(e.priority, [...(byPriority.get(e.priority) ?? []), e]);
  return [...byPriority.values()]; // entries come in priority order, so the map's insertion order is highest first
}

/** A lower priority level at its minimums was left only those by the levels above it. */
function reasonOf(e: Entry, share: number, belowTopLevel: boolean): LimitReason {
  if (share === e.cap) return e.capReason;
  return belowTopLevel && share === e.floor ? 'minimum' : 'share';
}

export function allocateSiteLoad(site: SiteLoad, stations: SiteStation[], sessions: ChargingSession[]): Allocation {
  const fixedTenths = sessions.reduce((sum, s) => sum + (s.fixedA === undefined ? 0 : toTenths(s.fixedA)), 0);
  const capacity = Math.max(0, toTenths(site.maxCurrentA) - fixedTenths);
  const byStation = new Map(stations.map((s) => [s.stationId, s]));
  const ordered = sessions.filter((s) => s.fixedA === undefined).map((s) => toEntry(site, byStation, s)).sort(keepOrder(site.strategy));
  const limits = new Map<number, SessionLimit>();
  const groups = levels(running(ordered, capacity), site.strategy);
  let left = capacity;
  groups.forEach((group, i) => {
    const keptBack = groups.slice(i + 1).flat().reduce((sum, e) => sum + e.floor, 0);
    const { shares } = waterFill(group, left - keptBack);
    group.forEach((e, j) => {
      const share = shares[j]!;
      left -= share;
      limits.set(e.session.sessionId, { sessionId: e.session.sessionId, stationId: e.session.stationId, limitA: fromTenths(share), reason: reasonOf(e, share, i > 0) });
    });
  });
  const all = sessions.map((s): SessionLimit => (s.fixedA !== undefined
    ? { sessionId: s.sessionId, stationId: s.stationId, limitA: s.fixedA, reason: 'ignores-profiles' }
    : limits.get(s.sessionId) ?? { sessionId: s.sessionId, stationId: s.stationId, limitA: 0, reason: 'paused' }));
  return { limits: all, allocatedA: fromTenths(capacity - left + fixedTenths) };
}
