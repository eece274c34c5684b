// One run of the load balancer on one site (issue 17 item 3): read the site, its stations and running sessions
// (one statement), allocate (domain/load-allocation.ts), send the limits that differ from what each charger last
// accepted in the order of domain/load-plan.ts, and say what was decided and sent. The caller serializes runs per
// site and records them (load-balancer.ts).
//
// A refusal (Rejected, NotSupported, a CALLERROR, no answer, offline) while lowering or before any raise makes the
// run allocate again at once with that session counted at its charger's full rating, so the raises that follow
// never rely on a charger that does not follow its limit. Each such round marks one more session, so a run ends
// within one round per session.
import { allocateSiteLoad, type Allocation, type ChargingSession, type SessionLimit } from '../domain/load-allocation.js';
import { drawTenths } from '../domain/measured-draw.js';
import { planProfiles } from '../domain/load-plan.js';
import {
  afterAnswer, ignoresProfiles, lowDrawForS, NEW_TRACK, trackDraw, type Answer, type RetryAfter, type SessionTrack,
} from '../domain/load-tracking.js';
import type { DecidedLimit, SentOutcome, SiteLoadFacts, SiteSession } from '../domain/load-decisions.js';
import { fromTenths } from '../domain/sites.js';
import type { Logger } from '../shared/logger.js';
import type { ChargingProfileService, LimitOutcome } from './charging-profiles.js';

export interface RunDeps {
  profiles: Pick<ChargingProfileService, 'setCurrentLimit' | 'acceptedTxLimits'>;
  log: Logger;
  /** How long a session whose charger refused a profile counts at its full rating before it is offered one again. */
  retry: RetryAfter;
}

/** No answer in time, or the charger went down while asked: asking again costs a call timeout. */
const answerOf = (outcome: LimitOutcome): Answer =>
  (outcome === 'Accepted' ? 'accepted' : outcome === 'timeout' || outcome === 'went-down' ? 'silent' : 'refused');

export interface RunOutcome {
  limits: DecidedLimit[];
  allocatedA: number;
  measuredA: number | null;
  /** A raise was refused: run again, now counting that session at its full rating. */
  followUp: boolean;
}

/** The session's draw per phase, from its latest power (the site's voltage and phases; measured-draw.ts). */
const drawOf = (facts: SiteLoadFacts, s: SiteSession): number | null =>
  (s.powerW === null ? null : fromTenths(drawTenths({ powerW: s.powerW }, facts.site)));

/** The tracks of the sessions running now, moved on by their latest measurement (the others are dropped). */
export function updateTracks(tracks: Map<number, SessionTrack>, facts: SiteLoadFacts, accepted: ReadonlyMap<number, number>, now: Date): void {
  const running = new Set(facts.sessions.map((s) => s.sessionId));
  for (const id of tracks.keys()) if (!running.has(id)) tracks.delete(id);
  for (const s of facts.sessions) {
    const seen = { limitA: accepted.get(s.sessionId) ?? null, drawA: drawOf(facts, s), measuredAt: s.measuredAt };
    tracks.set(s.sessionId, trackDraw(tracks.get(s.sessionId) ?? NEW_TRACK, seen, now));
  }
}

function allocate(facts: SiteLoadFacts, tracks: Map<number, SessionTrack>, now: Date, retry: RetryAfter): Allocation {
  const ratingOf = new Map(facts.stations.map((st) => [st.stationId, st.maxCurrentA ?? facts.site.maxCurrentA]));
  const sessions = facts.sessions.map((s): ChargingSession => {
    const track = tracks.get(s.sessionId) ?? NEW_TRACK;
    return {
      sessionId: s.sessionId, stationId: s.stationId, startedAt: s.startedAt,
      measured: s.powerW === null ? null : { powerW: s.powerW }, lowDrawForS: lowDrawForS(track, now),
      ...(ignoresProfiles(track, now, retry) ? { fixedA: ratingOf.get(s.stationId) ?? facts.site.maxCurrentA } : {}),
    };
  });
  return allocateSiteLoad(facts.site, facts.stations, sessions);
}

export async function runBalance(d: RunDeps, facts: SiteLoadFacts, tracks: Map<number, SessionTrack>, now: Date): Promise<RunOutcome> {
  const accepted = new Map(facts.stations.length === 0 ? [] : await d.profiles.acceptedTxLimits(facts.stations.map((s) => s.stationId)));
  updateTracks(tracks, facts, accepted, now);
  const sessionOf = new Map(facts.sessions.map((s) => [s.sessionId, s]));
  const sent = new Map<number, SentOutcome>();

  /** Sends one step whole and waits for every answer; true when every charger accepted. */
  const step = async (limits: SessionLimit[]): Promise<boolean> => {
    const answers = await Promise.all(limits.map(async (l) => {
      const s = sessionOf.get(l.sessionId)!;
      const outcome = await d.profiles.setCurrentLimit(
        { stationId: s.stationId, connectorId: s.connectorId, limitA: l.limitA, purpose: 'TxProfile', transactionId: s.sessionId }, 'load-balancer');
      sent.set(l.sessionId, outcome);
      tracks.set(l.sessionId, afterAnswer(tracks.get(l.sessionId) ?? NEW_TRACK, answerOf(outcome), now));
      if (outcome === 'Accepted') accepted.set(l.sessionId, l.limitA);
      else d.log.warn({ sessionId: l.sessionId, stationId: s.stationId, outcome, limitA: l.limitA }, 'load balancing: the charger did not take its limit; its session counts at the charger\'s full rating');
      return outcome === 'Accepted';
    }));
    return answers.every(Boolean);
  };

  // Refused before, not counted so any more: asked again in this run.
  const probing = new Set(facts.sessions.filter((s) => tracks.get(s.sessionId)?.refusedAt && !ignoresProfiles(tracks.get(s.sessionId)!, now, d.retry))
    .map((s) => s.sessionId));
  let allocation = allocate(facts, tracks, now, d.retry);
  let followUp = false;
  for (let round = 0; round <= facts.sessions.length; round++) {
    const plan = planProfiles(allocation.limits, accepted, round === 0 ? probing : new Set());
    if (await step(plan.probe) && await step(plan.lower) && await step(plan.unconfirmed)) {
      followUp = !(await step(plan.raise));
      break;
    }
    allocation = allocate(facts, tracks, now, d.retry);
  }
  return { limits: decided(facts, allocation, sent), allocatedA: allocation.allocatedA, measuredA: measuredTotal(facts), followUp };
}

function decided(facts: SiteLoadFacts, allocation: Allocation, sent: Map<number, SentOutcome>): DecidedLimit[] {
  const sessionOf = new Map(facts.sessions.map((s) => [s.sessionId, s]));
  return allocation.limits.map((l) => {
    const s = sessionOf.get(l.sessionId)!;
    return {
      sessionId: l.sessionId, stationId: l.stationId, connectorId: s.connectorId, transactionId: s.sessionId,
      limitA: l.limitA, reason: l.reason, measuredA: drawOf(facts, s), sent: sent.get(l.sessionId) ?? 'not-sent',
    };
  });
}

/** The measured draw of the site per phase: the sessions' draws summed; null when none has a measurement. */
export function measuredTotal(facts: SiteLoadFacts): number | null {
  const draws = facts.sessions.map((s) => drawOf(facts, s)).filter((a): a is number => a !== null);
  return draws.length === 0 ? null : fromTenths(draws.reduce((sum, a) => sum + Math.round(a * 10), 0));
}
