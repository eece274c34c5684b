// A site's load as staff read it (GET /api/sites/{id}, the dashboard): each running session's current limit and
// why, the total allocated, the measured total now, and the balancer's latest decisions that changed something or
// that an event asked for (an interval run that changed nothing is left out: the limits it found still hold). The
// limit of a session is the one the latest such decision that covers it gave; the measurements are read now.
// And the site's history: allocated and measured at each run, for a chart.
import { findSiteLoad } from '../store/site-loads.js';
import { listLoadDecisions, listLoadHistory } from '../store/load-decisions.js';
import { LIMIT_REASONS, type LimitReason } from '../domain/load-allocation.js';
import type { DecidedLimit, LoadDecision, LoadPoint, SentOutcome } from '../domain/load-decisions.js';
import { fromTenths, toTenths } from '../domain/sites.js';
import { drawTenths } from '../domain/measured-draw.js';
import type { Db } from '../store/db.js';
import { measuredTotal } from './load-balancing-run.js';

/** How many of the latest decisions the site shows. */
export const DECISIONS_SHOWN = 20;

export interface SessionLoad {
  sessionId: number;
  stationId: number;
  connectorId: number;
  startedAt: Date;
  /** A per phase; null before the balancer first ran for it. */
  limitA: number | null;
  reason: LimitReason | null;
  /** The reason in the operator's words. */
  reasonText: string | null;
  /** What the charger answered when the limit was sent ('not-sent': it had it already). */
  sent: SentOutcome | null;
  /** Its latest measured draw, A per phase. */
  measuredA: number | null;
}

export interface SiteLoad {
  /** The running sessions' limits summed, A per phase. */
  allocatedA: number;
  /** Their latest measured draws summed, A per phase; null when none has a measurement yet. */
  measuredA: number | null;
  sessions: SessionLoad[];
  /** Newest first. */
  decisions: LoadDecision[];
}

export async function siteLoad(db: Db, siteId: number): Promise<SiteLoad | null> {
  const [facts, decisions] = await Promise.all([findSiteLoad(db, siteId), listLoadDecisions(db, siteId, DECISIONS_SHOWN)]);
  if (!facts) return null;
  const latest = new Map<number, DecidedLimit>();
  for (const d of decisions) for (const l of d.limits) if (!latest.has(l.sessionId)) latest.set(l.sessionId, l);
  const sessions = facts.sessions.map((s): SessionLoad => {
    const l = latest.get(s.sessionId);
    return {
      sessionId: s.sessionId, stationId: s.stationId, connectorId: s.connectorId, startedAt: s.startedAt,
      limitA: l?.limitA ?? null, reason: l?.reason ?? null, reasonText: l ? LIMIT_REASONS[l.reason] : null, sent: l?.sent ?? null,
      measuredA: s.powerW === null ? null : fromTenths(drawTenths({ powerW: s.powerW }, facts.site)),
    };
  });
  const allocatedA = fromTenths(sessions.reduce((sum, s) => sum + toTenths(s.limitA ?? 0), 0));
  return { allocatedA, measuredA: measuredTotal(facts), sessions, decisions };
}

/** How far back the history goes at most (the balancer keeps its runs that long: load-balancer.ts). */
export const HISTORY_MAX_H = 48;

export async function siteLoadHistory(db: Db, siteId: number, hours: number, now: Date): Promise<LoadPoint[]> {
  return listLoadHistory(db, siteId, new Date(now.getTime() - Math.min(hours, HISTORY_MAX_H) * 3_600_000));
}
