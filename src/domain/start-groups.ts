// StartTransactions decided in groups (issue 14: group commit for every transaction message). The facts of a
// group are read at once, before any of its sessions exist, so the group itself must count as the database would
// have, had its starts come one by one in arrival order:
//   - a start identical to an earlier one of the group (same start key) is that start resent: one session, one
//     answer (the unique start key, OCPP.md "a resent message lands on the row the first made");
//   - a tag that an earlier start of the group opened a session for charges elsewhere for the later starts of that
//     tag (every stored start runs until its stop, whatever its status, as the database read counts them);
//   - a booking an earlier start of the group fulfilled is active, no longer confirmed, for the later ones.
import type { Booking } from './bookings.js';
import { decideStart, type StartDecision, type StartFacts, type StartRequest } from './sessions.js';

/** A start of a group: decided as by decideStart, or the same start as an earlier one of the group (its index). */
export type GroupStartDecision = StartDecision | { kind: 'same'; as: number };

type StartKeyed = Pick<StartRequest, 'stationId' | 'connectorId' | 'idTag' | 'startedAt' | 'meterStartWh'>;

/** The unique start key as text: the tag as sent (the stored key compares it exactly), the time to the millisecond. */
export const startKeyOf = (s: StartKeyed): string =>
  JSON.stringify([s.stationId, s.connectorId, s.idTag, s.startedAt.getTime(), s.meterStartWh]);

// OCPP idTags are CiString20, compared without regard to case (OCPP 1.6 §2.2).
const tagKey = (idTag: string): string => idTag.toLowerCase();

/** What the earlier starts of a group changed for the later ones. */
interface GroupSoFar {
  keys: Map<string, number>;
  startedTags: Set<string>;
  fulfilled: Set<number>;
}

const activeIfFulfilled = (b: Booking, fulfilled: Set<number>): Booking =>
  (fulfilled.has(b.id) && b.status === 'confirmed' ? { ...b, status: 'active' } : b);

/** The facts as they stand after the group's earlier starts. */
function factsAfter(f: StartFacts, idTag: string, g: GroupSoFar): StartFacts {
  return {
    ...f,
    chargingElsewhere: f.chargingElsewhere || g.startedTags.has(tagKey(idTag)),
    reserved: f.reserved && activeIfFulfilled(f.reserved, g.fulfilled),
    covering: f.covering && { ...f.covering, booking: activeIfFulfilled(f.covering.booking, g.fulfilled) },
  };
}

/** Each start of the group decided in arrival order, the earlier ones counting for the later (see above). */
export function decideStartGroup(starts: Array<{ request: StartRequest; facts: StartFacts }>, now: Date): GroupStartDecision[] {
  const g: GroupSoFar = { keys: new Map(), startedTags: new Set(), fulfilled: new Set() };
  return starts.map(({ request, facts }, i): GroupStartDecision => {
    const key = startKeyOf(request);
    const first = g.keys.get(key);
    if (first !== undefined) return { kind: 'same', as: first };
    g.keys.set(key, i);
    const decision = decideStart(factsAfter(facts, request.idTag, g), { idTag: request.idTag, now });
    if (decision.kind === 'new') {
      g.startedTags.add(tagKey(request.idTag));
      if (decision.fulfils) g.fulfilled.add(decision.fulfils.id);
    }
    return decision;
  });
}
