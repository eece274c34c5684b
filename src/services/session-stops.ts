// StopTransaction's write path (services/sessions.ts delegates), committed in groups (issue 14: group commit for
// every transaction message; shared/batcher.ts BatchQueue, as MeterValues are): the stops that arrive while a
// group is being written form the next group, written in ONE transaction of a fixed number of statements
// whatever its size: the sessions locked with the stop tags' facts, the unknown stops, the samples of every
// transactionData, the stops, the bookings they complete, the tariffs, the idle histories, the invoices. Each
// answer still goes out only once its group committed (durable before the answer); a failing group is written
// again stop by stop. A lone stop is the group of one: 7 statements, as one stop by itself cost before.
// Staff closing a session the charger never stopped (session-closing.ts) takes the same write path (stopSessions);
// the charger's own stop arriving later is a repeat, kept on the session (keepLateStops) and never invoiced again.
import * as store from '../store/index.js';
import { recordChargerStops } from '../store/session-closings.js';
import { inTransaction, type Db } from '../store/db.js';
import type { StopRequest } from '../domain/sessions.js';
import { decideStopGroup, type StopFacts, type StopGroupDecision } from '../domain/stop-groups.js';
import type { Authorization, ChargingSession, MeterSample } from '../domain/model.js';
import type { NamedBooking } from '../domain/bookings.js';
import type { Invoice } from '../domain/invoices.js';
import { BatchQueue } from '../shared/batcher.js';
import { completeOnStops } from './booking-sessions.js';
import { emitBookingChanged } from './booking-reservations.js';
import { invoiceEvent, issueInvoicesIn } from './invoicing.js';
import { asGroupMessage } from './meter-values-writer.js';
import type { ServiceDeps } from './deps.js';

// Two groups in flight, as the meter writer (services/sessions.ts METER_WRITER): while one waits for its commit's
// disk flush, the next is written. Each group first takes what the current turn of the event loop brings
// (gatherTurn, as the handshake groups): the stops read from many sockets in one poll phase form one group, though
// the first of them would find a writer free, and on the embedded PGlite, whose statements never yield to the
// poll phase, that is the only way a group forms at all. A group weighs its stops and their samples, so that its
// statements' parameters stay well under PostgreSQL's limit (65,535; the invoices' INSERT takes 13 a stop).
const STOP_GROUPS = { concurrency: 2, maxWeight: 2_000, gatherTurn: true };

export interface StopInput extends StopRequest {
  /** transactionData, already turned into samples. */
  samples: MeterSample[];
  rawTransactionData: unknown;
}

export interface StopOutcome {
  outcome: 'stopped' | 'already-stopped' | 'unknown-transaction';
  session: ChargingSession | null;
  authorization: Authorization | null;
  /** The booking this stop completed (with its holder's name, for booking.changed). */
  booking?: NamedBooking | null;
  /** The invoice this stop issued (in the same transaction). */
  invoice?: Invoice | null;
}

/** A stop decided to stop its session (a StopTransaction's, or a staff close's: services/session-closing.ts). */
export type Stopping = Extract<StopGroupDecision, { kind: 'stop' }> & { input: StopInput };

/** The stops of unknown transactions, recorded as they came (OCPP.md: accepted, or the charger retries forever). */
async function recordUnknown(tx: Db, inputs: StopInput[], decisions: StopGroupDecision[], now: Date): Promise<void> {
  await store.sessionStops.insertUnknownStops(tx, inputs.filter((_, n) => decisions[n]?.kind === 'unknown-transaction').map((i) => ({
    stationId: i.stationId, transactionId: i.transactionId, meterStopWh: i.meterStopWh, stoppedAt: i.stoppedAt, reason: i.reason,
    idTag: i.idTag, transactionData: i.rawTransactionData ?? null, receivedAt: now,
  })));
}

/** Every stop's transactionData in the one MeterValues statement (store/meter-value-groups.ts), before the stops:
 * the samples, and the live figures they move while the sessions still run. */
async function writeSamples(tx: Db, stopping: Array<Pick<Stopping, 'session' | 'input'>>, now: Date): Promise<void> {
  const messages = stopping.filter((s) => s.input.samples.length > 0).map(({ session, input }) => asGroupMessage({
    stationId: session.stationId, connectorId: session.connectorId, transactionId: session.id, samples: input.samples,
  }, now));
  if (messages.length > 0) await store.meterValueGroups.writeMeterValueGroup(tx, messages, now);
}

/** The writes of the stops that stop a session: the sessions stopped, with their bookings and invoices. The one
 * write path of a stop: a staff close takes it too. */
export async function stopSessions(tx: Db, stopping: Stopping[], now: Date) {
  await writeSamples(tx, stopping, now);
  const stopped = await store.sessionStops.updateSessionStops(tx, stopping.map(({ session, input, decision }) => ({
    sessionId: session.id, meterStopWh: input.meterStopWh, stoppedAt: input.stoppedAt, stopReason: input.reason,
    stopIdTag: input.idTag, energyWh: decision.energyWh, stopAnomaly: decision.anomaly,
  })), now);
  const bookings = await completeOnStops(tx, stopped.map((s) => s.id), now);
  const invoices = await issueInvoicesIn(tx, stopped, now);
  return {
    sessions: new Map(stopped.map((s) => [s.id, s])),
    bookings: new Map(bookings.map((b) => [b.sessionId, b])),
    invoices,
  };
}

/** A charger's StopTransaction of a session staff closed (domain/session-closing.ts): its timestamp, meterStop and
 * transactionData kept on the session, once; never a second stop nor a second invoice. Nothing to write for a
 * group with no such stop in it (the usual one, a charger's resend included). */
async function keepLateStops(tx: Db, inputs: StopInput[], facts: StopFacts[], decisions: StopGroupDecision[], now: Date): Promise<void> {
  const late = new Map<number, Pick<Stopping, 'session' | 'input'>>();
  decisions.forEach((d, n) => {
    if (d.kind === 'already-stopped' && facts[n]?.awaitsChargerStop && !late.has(d.session.id)) late.set(d.session.id, { session: d.session, input: inputs[n]! });
  });
  if (late.size === 0) return;
  const kept = new Set(await recordChargerStops(tx, [...late.values()].map(({ session, input }) => ({
    sessionId: session.id, stoppedAt: input.stoppedAt, meterStopWh: input.meterStopWh,
  })), now));
  await writeSamples(tx, [...late.values()].filter(({ session }) => kept.has(session.id)), now);
}

/** A group's statements, in its one transaction; one outcome per stop, in the order given. */
async function stopGroupIn(tx: Db, inputs: StopInput[], now: Date): Promise<StopOutcome[]> {
  const facts = await store.sessionStops.lockSessionsForStops(tx, inputs);
  const decisions = decideStopGroup(inputs.map((request, n) => ({ request, facts: facts[n]! })), now);
  await recordUnknown(tx, inputs, decisions, now);
  await keepLateStops(tx, inputs, facts, decisions, now);
  const stopping = decisions.flatMap((d, n): Stopping[] => (d.kind === 'stop' ? [{ ...d, input: inputs[n]! }] : []));
  const done = await stopSessions(tx, stopping, now);
  return decisions.map((d): StopOutcome => {
    if (d.kind === 'unknown-transaction') return { outcome: 'unknown-transaction', session: null, authorization: d.authorization };
    // A repeat of a stop of this very group sees the session as that stop left it.
    const session = done.sessions.get(d.session.id) ?? d.session;
    if (d.kind === 'already-stopped') return { outcome: 'already-stopped', session, authorization: d.authorization };
    return {
      outcome: 'stopped', session, authorization: d.authorization,
      booking: done.bookings.get(session.id) ?? null, invoice: done.invoices.get(session.id) ?? null,
    };
  });
}

/** The events of a committed stop, as one stop by itself emitted them. */
export function emitStopped(d: ServiceDeps, input: StopInput, outcome: StopOutcome): void {
  if (outcome.outcome === 'unknown-transaction') {
    d.log.warn({ stationId: input.stationId, transactionId: input.transactionId }, 'stop for an unknown transaction recorded');
  }
  const s = outcome.session;
  if (outcome.booking) emitBookingChanged(d, 'status', outcome.booking);
  if (outcome.outcome === 'stopped' && s) {
    d.events.emit('session.stopped', {
      sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, energyWh: s.energyWh, at: s.stoppedAt ?? d.clock.now(),
      idTag: s.idTag, authorizationStatus: s.authorizationStatus, startedAt: s.startedAt, reason: s.stopReason,
      // The invoice issued with the stop names the session's customer (store/invoices.ts): no read of its own on
      // the StopTransaction path (a join to the tag's customer in the stop lock cost a fifth of the mix's rate).
      customerId: outcome.invoice?.customerId ?? null, customerName: outcome.invoice?.customerName ?? null,
    });
  }
  if (outcome.invoice) d.events.emit('invoice.issued', invoiceEvent(outcome.invoice, outcome.invoice.issuedAt));
}

export function makeStopWriter(d: ServiceDeps) {
  const groups = new BatchQueue((inputs: StopInput[]) => {
    // The group's time: its stops are received, and its invoices issued, when its write begins.
    const now = d.clock.now();
    return inTransaction(d.db, (tx) => stopGroupIn(tx, inputs, now));
  }, { ...STOP_GROUPS, weigh: (i: StopInput) => 1 + i.samples.length });
  return {
    /** StopTransaction: always accepted (OCPP.md), a repeat changes nothing, an unknown transaction is recorded.
     * Resolves once the stop is committed (with others, or alone); its events follow the commit. */
    async stop(input: StopInput): Promise<StopOutcome> {
      const outcome = await groups.add(input);
      emitStopped(d, input, outcome);
      return outcome;
    },
  };
}
