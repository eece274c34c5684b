// StopTransactions decided in groups (issue 14: group commit for every transaction message). The facts of a group
// are read at once, as its sessions are locked, so the group itself must count as the database would have, had
// its stops come one by one in arrival order: a second stop of a session the group stops already (a resend in
// flight with the first) is a repeat, 'already-stopped', answered as a repeat is, with no second stop and no
// second invoice. The stop tag is answered by its own standing (domain/authorization.ts authorize: never
// ConcurrentTx, which only a StartTransaction gets).
// A transaction that is not one of ours (or not that charger's) is an unknown stop, recorded as such (OCPP.md).
import type { Authorization, ChargingSession, IdTag } from './model.js';
import { authorize } from './authorization.js';
import { decideStop, type StopDecision, type StopRequest } from './sessions.js';

/** What a StopTransaction is decided on, as of its session's lock (store/session-stops.ts). */
export interface StopFacts {
  /** The session it stops, locked; null when the transaction is not this charger's, or not one of ours. */
  session: ChargingSession | null;
  /** The stop's own tag; null when the stop names no tag or an unknown one. */
  stopTag: IdTag | null;
  /** Staff closed the session and no StopTransaction of the charger has been kept on it yet (domain/session-closing.ts). */
  awaitsChargerStop?: boolean;
}

export type StopGroupDecision =
  | { kind: 'unknown-transaction'; authorization: Authorization | null }
  | { kind: 'already-stopped'; session: ChargingSession; authorization: Authorization | null }
  | { kind: 'stop'; session: ChargingSession; authorization: Authorization | null; decision: StopDecision };

/** Each stop of the group decided in arrival order, the earlier ones counting for the later (see above). */
export function decideStopGroup(stops: Array<{ request: StopRequest; facts: StopFacts }>, now: Date): StopGroupDecision[] {
  const stopped = new Set<number>();
  return stops.map(({ request, facts }): StopGroupDecision => {
    const authorization = request.idTag === null ? null : authorize(facts.stopTag, { now });
    const session = facts.session;
    if (!session) return { kind: 'unknown-transaction', authorization };
    if (session.stoppedAt !== null || stopped.has(session.id)) return { kind: 'already-stopped', session, authorization };
    stopped.add(session.id);
    return { kind: 'stop', session, authorization, decision: decideStop(session, request) };
  });
}
