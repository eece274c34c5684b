// StartTransaction's write path (services/sessions.ts delegates), in groups (issue 14, shared/batcher.ts
// BatchQueue): the facts of every start of a group read in one statement, each decided in arrival order by a pure
// function (domain/start-groups.ts over domain/sessions.ts decideStart), the group's new sessions inserted in one
// statement on the unique start key. Each caller is answered once its own start is stored; a lone start costs
// what it did alone: one read, one insert.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { givenAuthorization, type StartDecision, type StartRequest } from '../domain/sessions.js';
import { decideStartGroup, type GroupStartDecision } from '../domain/start-groups.js';
import { BatchQueue } from '../shared/batcher.js';
import type { Authorization, ChargingSession, CustomerRef, IdTag } from '../domain/model.js';
import type { NamedBooking } from '../domain/bookings.js';
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
): Promise<StartOutcome & { booking: NamedBooking | null }> {
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

/** A start as it went, with the booking it fulfilled and the customer owning its tag (for session.started). */
type Went = StartOutcome & { booking: NamedBooking | null; owner: CustomerRef | null };

/** A start of a group as it went, or its own failure (it fails alone). */
type Settled = { ok: Went } | { failed: unknown };

/** What the group's starts read at once: the decision of each, the tag it was decided on and that tag's customer. */
interface Decided { input: StartInput; decision: GroupStartDecision; tag: IdTag | null; owner: CustomerRef | null }

/** A new start that fulfils no booking: the group's one insert takes it. */
const isPlainNew = (x: Decided): boolean => x.decision.kind === 'new' && x.decision.fulfils === null;

/**
 * The group's writes: every new start that fulfils no booking in ONE insert on the unique start key (a failure of
 * that statement fails the batch before anything is written, and the queue works its starts again one by one);
 * then those that fulfil a booking, one by one in their own transaction, each failing alone.
 */
async function storeGroup(d: ServiceDeps, group: Decided[], now: Date): Promise<Settled[]> {
  const plain = group.filter(isPlainNew);
  const rows = plain.map((x) => ({ ...x.input, authorizationStatus: (x.decision as NewStart).authorization.status }));
  const inserted = new Map(plain.map((x, i) => [x, i]));
  const stored = await store.sessions.insertSessionsOnce(d.db, rows);
  const settled: Settled[] = [];
  for (const x of group) {
    const i = inserted.get(x);
    if (i !== undefined) settled.push({ ok: { ...insertedOutcome(stored[i]!, x), owner: x.owner } });
    else settled.push(await settleOne(d, x, settled, now));
  }
  return settled;
}

type NewStart = Extract<StartDecision, { kind: 'new' }>;

function insertedOutcome(stored: { session: ChargingSession; created: boolean }, x: Decided): StartOutcome & { booking: null } {
  const { session, created } = stored;
  return { session, created, authorization: created ? (x.decision as NewStart).authorization : givenAuthorization(session, x.tag), booking: null };
}

/** A resend, a start the group already made, or one that fulfils a booking (today's path, alone). */
async function settleOne(d: ServiceDeps, x: Decided, earlier: Settled[], now: Date): Promise<Settled> {
  const decision = x.decision;
  switch (decision.kind) {
    case 'resent': return { ok: { session: decision.session, created: false, authorization: decision.authorization, booking: null, owner: x.owner } };
    case 'same': {
      const first = earlier[decision.as]!;
      return 'ok' in first ? { ok: { ...first.ok, created: false, booking: null } } : first;
    }
    case 'new': return storeStart(d.db, x.input, decision, x.tag, now).then((ok) => ({ ok: { ...ok, owner: x.owner } }), (failed: unknown) => ({ failed }));
  }
}

/** Events after the write is durable, once per session made: as a lone start emits them. */
function emitStarted(d: ServiceDeps, result: Went): void {
  const s = result.session;
  if (result.created) {
    d.events.emit('session.started', {
      sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, idTag: s.idTag,
      authorizationStatus: result.authorization.status, at: s.startedAt,
      customerId: result.owner?.id ?? null, customerName: result.owner?.name ?? null,
    });
  }
  if (result.booking) emitBookingChanged(d, 'status', result.booking);
}

// The group's insert binds 7 parameters per start: 1,000 starts stay far below PostgreSQL's 65,535.
const MAX_STARTS_PER_GROUP = 1_000;

// One group at a time: a group's facts are read after the previous group's sessions are stored, so two starts of
// one tag never both miss each other in this process (the group counts its own starts, domain/start-groups.ts).
// Under load the next group gathers while one is written: two statements per group instead of two per start.
// gatherTurn: a group takes whatever this turn of the event loop brought too (shared/batcher.ts), since on the
// embedded database a lone start can be stored before the next socket is even read.
export function makeStartWriter(d: ServiceDeps) {
  async function startGroup(inputs: StartInput[]): Promise<Settled[]> {
    const now = d.clock.now();
    const facts = await store.sessionStarts.loadStartFactsGroup(d.db, inputs);
    const decisions = decideStartGroup(inputs.map((request, i) => ({ request, facts: facts[i]! })), now);
    const settled = await storeGroup(d, inputs.map((input, i) => ({ input, decision: decisions[i]!, tag: facts[i]!.tag, owner: facts[i]!.owner })), now);
    for (const one of settled) if ('ok' in one) emitStarted(d, one.ok);
    return settled;
  }

  const groups = new BatchQueue(startGroup, { concurrency: 1, gatherTurn: true, maxWeight: MAX_STARTS_PER_GROUP });
  return {
    /** StartTransaction: always stored, whatever the tag's status (OCPP.md); a resend gets the same transactionId.
     * Resolves once the start is stored (with others, or alone). */
    async start(input: StartInput): Promise<StartOutcome> {
      const settled = await groups.add(input);
      if ('failed' in settled) throw settled.failed;
      return settled.ok;
    },
  };
}
