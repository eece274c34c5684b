// In what order the new limits go out (issue 17 item 3), so the limits the chargers follow never add up to more
// than the site at any moment, pure. Each step is sent whole and awaited before the next:
//   0. probe: sessions whose charger refused before and is asked again. First and alone: until it accepts it counts
//      at its full rating, which its new limit never exceeds, so asking never overshoots; and when it refuses
//      again the run re-allocates before anyone else was lowered for its sake (no churn every retry);
//   1. lower: sessions whose charger accepted a higher limit than their new one;
//   2. unconfirmed: sessions whose charger has accepted no limit yet (a new session, or one offered its share
//      again after a refusal). The allocation counts them at their new limit and step 1 made that room, so this
//      step never overshoots either;
//   3. raise: sessions whose charger accepted a lower limit: only after everyone above has come down.
// A session that ignores profiles (reason ignores-profiles) is not sent anything: it is counted at its rating.
// If anyone refuses in steps 1-2 the caller allocates again before step 3 (the refuser now counts at its rating).
import type { SessionLimit } from './load-allocation.js';

export interface ProfilePlan {
  probe: SessionLimit[];
  lower: SessionLimit[];
  unconfirmed: SessionLimit[];
  raise: SessionLimit[];
}

/**
 * accepted: the limit each session's charger last accepted, by sessionId (the transactionId); probing: the sessions
 * whose charger refused before and is asked again now.
 */
export function planProfiles(limits: SessionLimit[], accepted: ReadonlyMap<number, number>, probing: ReadonlySet<number> = new Set()): ProfilePlan {
  const plan: ProfilePlan = { probe: [], lower: [], unconfirmed: [], raise: [] };
  for (const l of limits) {
    if (l.reason === 'ignores-profiles') continue;
    const was = accepted.get(l.sessionId);
    if (probing.has(l.sessionId)) plan.probe.push(l);
    else if (was === undefined) plan.unconfirmed.push(l);
    else if (l.limitA < was) plan.lower.push(l);
    else if (l.limitA > was) plan.raise.push(l);
  }
  return plan;
}

