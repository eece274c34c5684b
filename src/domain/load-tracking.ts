// What the load balancer remembers of each running session between its runs (issue 17 item 3), pure: since when
// the session has drawn well below the limit it follows (the allocator's lowDrawForS), and whether its charger
// ignores charging profiles (the allocator's fixedA). The caller keeps the tracks and hands in the clock.
import { drawsWellBelow } from './measured-draw.js';

export interface SessionTrack {
  /** The limit the session follows as last seen (what its charger accepted), and since when. */
  limitA: number | null;
  limitSince: Date | null;
  /** The first measurement, since the draw was last not well below its limit, that was well below it. */
  lowSince: Date | null;
  /** Its charger refused or did not answer the last profile sent, at this time; null once it accepts one. */
  refusedAt: Date | null;
  /** That refusal was a call that got no answer in time: asking again costs the site's runs a call timeout. */
  refusedSlowly: boolean;
}

export const NEW_TRACK: SessionTrack = { limitA: null, limitSince: null, lowSince: null, refusedAt: null, refusedSlowly: false };

/** How long a refusing session counts at its full rating before it is offered a limit again. */
export interface RetryAfter {
  /** After an answer (Rejected, NotSupported, a CALLERROR) or offline: cheap to ask again, so at the next interval. */
  answeredS: number;
  /** After no answer (timeout, the charger went down): each attempt holds the site's runs for a call timeout. */
  silentS: number;
}

export interface DrawSeen {
  /** The limit the session follows now (what its charger accepted); null before its first. */
  limitA: number | null;
  /** The latest measurement, per phase, and when it was taken; null before the first. */
  drawA: number | null;
  measuredAt: Date | null;
}

/**
 * The track after looking at the session's latest measurement. A new limit does not restart the low-draw time: a
 * car reduced to its draw + 2 A (measured-draw.ts) stays "well below" its reduced limit and must keep it. But a
 * measurement taken before the limit changed says nothing about the new one, so it is ignored.
 */
export function trackDraw(t: SessionTrack, seen: DrawSeen, now: Date): SessionTrack {
  const changed = seen.limitA !== t.limitA;
  const next = changed ? { ...t, limitA: seen.limitA, limitSince: now } : t;
  if (seen.limitA === null || seen.drawA === null || seen.measuredAt === null) return next;
  if (next.limitSince !== null && seen.measuredAt < next.limitSince) return next;
  if (!drawsWellBelow(seen.drawA, seen.limitA)) return { ...next, lowSince: null };
  return { ...next, lowSince: next.lowSince ?? seen.measuredAt };
}

/** How long it has drawn well below its limit, for the allocator (0 when it does not). */
export const lowDrawForS = (t: SessionTrack, now: Date): number =>
  (t.lowSince === null ? 0 : Math.max(0, (now.getTime() - t.lowSince.getTime()) / 1000));

/**
 * Whether the session counts at its charger's full rating in this run: its charger refused (or did not answer)
 * a profile less than the retry time ago. After that it is offered its share again: one refusal must not pin a
 * session at full rating forever (a charger that rejected a TxProfile it got a moment before it knew its
 * transaction, one back from a reboot, may accept).
 */
export function ignoresProfiles(t: SessionTrack, now: Date, retry: RetryAfter): boolean {
  if (t.refusedAt === null) return false;
  return now.getTime() - t.refusedAt.getTime() < (t.refusedSlowly ? retry.silentS : retry.answeredS) * 1000;
}

/** The charger's answer to a profile, as load management sees it. */
export type Answer = 'accepted' | 'refused' | 'silent';

/** The track after the charger's answer to a profile: Accepted clears a refusal, anything else is one. */
export const afterAnswer = (t: SessionTrack, answer: Answer, now: Date): SessionTrack =>
  ({ ...t, refusedAt: answer === 'accepted' ? null : now, refusedSlowly: answer === 'silent' });
