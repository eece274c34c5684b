// StartTransaction's write path (services/sessions.ts delegates): the facts read in one statement, the decision
// made by a pure function (domain/sessions.ts decideStart), the insert on the unique start key.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { decideStart, givenAuthorization, type StartDecision, type StartRequest } from '../domain/sessions.js';
import type { Authorization, ChargingSession, IdTag } from '../domain/model.js';
import type { Booking } from '../domain/bookings.js';
import { linkStart } from './booking-sessions.js';
import { emitBookingChanged } from './booking-reservations.js';
import type { ServiceDeps } from './deps.js';

/** StartTransaction's input (domain/sessions.ts StartRequest). */
export type StartInput = StartRequest;

export interface StartOutcome { session: ChargingSession; created: boolean; authorization: Authorization }

/**
 * The one write of a new start: the insert on the unique start key (a resend racing the first lands on the row
 * it made). A single statement needs no transaction; linking the booking it fulfils takes one more, together.
 */
async function storeStart(
  db: Db, input: StartInput, decided: Extract<StartDecision, { kind: 'new' }>, tag: IdTag | null, now: Date,
): Promise<StartOutcome & { booking: Booking | null }> {
  const row = { ...input, authorizationStatus: decided.authorization.status };
  const fulfils = decided.fulfils;
  if (!fulfils) {
    const { session, created } = await store.sessions.insertSessionOnce(db, row);
    return { session, created, authorization: created ? decided.authorization : givenAuthorization(session, tag), booking: null };
  }
  return inTransaction(db, async (tx) => {
    const { session, created } = await store.sessions.insertSessionOnce(tx, row);
    if (!created) return { session, created, authorization: givenAuthorization(session, tag), booking: null };
    return { session, created, authorization: decided.authorization, booking: await linkStart(tx, fulfils, session.id, now) };
  });
}

export function makeStartWriter(d: ServiceDeps) {
  return {
    /** StartTransaction: always stored, whatever the tag's status (OCPP.md); a resend gets the same transactionId. */
    async start(input: StartInput): Promise<StartOutcome> {
      const now = d.clock.now();
      const facts = await store.sessionStarts.loadStartFacts(d.db, input);
      const decision = decideStart(facts, { idTag: input.idTag, now });
      const result = decision.kind === 'resent'
        ? { session: decision.session, created: false, authorization: decision.authorization, booking: null }
        : await storeStart(d.db, input, decision, facts.tag, now);
      const s = result.session;
      if (result.created) {
        d.events.emit('session.started', {
          sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, idTag: s.idTag,
          authorizationStatus: result.authorization.status, at: s.startedAt,
        });
      }
      if (result.booking) emitBookingChanged(d, 'status', result.booking);
      return result;
    },
  };
}
