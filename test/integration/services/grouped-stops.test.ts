// StopTransactions committed in groups (services/session-stops.ts, issue 14) on the real database: stops in flight
// together are written in one transaction of a fixed number of statements, and each lands, is answered and is
// announced exactly as it would have been alone. Stops sent in one turn of the event loop form one group.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag, randomIdTag } from '../../helpers/seed.js';
import { closeChargers } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { aBookingFromNow, aHolder, inMinutes } from '../../helpers/bookings.js';
import { countStatements, type StatementCounter } from '../../helpers/statement-counter.js';
import { aChargerWithTag, at, energy, sample } from '../../helpers/transaction-frames.js';
import type { ChargingSession, MeterSample } from '../../../src/domain/model.js';
import type { StopInput, StopOutcome } from '../../../src/services/sessions.js';

let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp(); counter = countStatements(app); });
afterEach(closeChargers);
afterAll(async () => { counter.detach(); await app.stop(); });

const START = new Date('2026-11-21T10:00:00Z');
const minutesAfterStart = (m: number) => new Date(START.getTime() + m * 60_000);
const energySample = (at: Date, wh: number): MeterSample => ({
  sampledAt: at, measurand: 'Energy.Active.Import.Register', value: String(wh), unit: 'Wh', context: 'Transaction.End',
  phase: null, location: null, format: null,
});

/** A running session of a new station (or of `idTag`), started through the service. */
async function aSession(idTag?: string): Promise<ChargingSession> {
  const station = await aStation(app.services);
  const { session } = await app.services.sessions.start({
    stationId: station.id, connectorId: 1, idTag: idTag ?? await anIdTag(app.services), meterStartWh: 1_000,
    startedAt: START, reservationId: null,
  });
  return session;
}

/** The stop of a session 20 minutes after its start, 3 kWh later, with its transactionData. */
const stopOf = (s: ChargingSession, o: Partial<StopInput> = {}): StopInput => ({
  stationId: s.stationId, transactionId: s.id, meterStopWh: s.meterStartWh + 3_000, stoppedAt: minutesAfterStart(20),
  reason: 'Local', idTag: s.idTag, samples: [energySample(minutesAfterStart(20), s.meterStartWh + 3_000)], rawTransactionData: null, ...o,
});

/** Stops sent in one turn: they form one group (each group takes what its turn of the event loop brought). */
const together = (stops: StopInput[]): Promise<Array<PromiseSettledResult<StopOutcome>>> =>
  Promise.allSettled(stops.map((s) => app.services.sessions.stop(s)));

/** Stops sent in one turn, checked to have been written in ONE transaction. */
async function inOneGroup(stops: StopInput[]): Promise<StopOutcome[]> {
  counter.reset();
  const outcomes = fulfilled(await together(stops));
  expect(counter.take().transactions).toBe(1);
  return outcomes;
}

const fulfilled = (results: Array<PromiseSettledResult<StopOutcome>>): StopOutcome[] => results.map((r) => {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
});

/** How often each event came for these sessions. */
function recordEvents(): Array<[string, number]> {
  const seen: Array<[string, number]> = [];
  app.events.on('session.stopped', (e) => seen.push(['session.stopped', e.sessionId]));
  app.events.on('invoice.issued', (e) => seen.push(['invoice.issued', e.sessionId]));
  app.events.on('booking.changed', (e) => seen.push(['booking.changed', e.booking.id]));
  return seen;
}
const eventsOf = (seen: Array<[string, number]>, id: number) => seen.filter(([, of]) => of === id).map(([kind]) => kind).sort();

const invoicesOf = async (stationId: number) =>
  (await api(app).get(`/invoices?stationId=${stationId}`)).body as Array<Record<string, unknown> & { sessionId: number }>;

type Charger = Awaited<ReturnType<typeof aChargerWithTag>>;

/** Half the stations on their own tariff, the rest on the default: a group reads both at once. */
async function priceStations(stationIds: number[]): Promise<void> {
  const tariff = { currency: 'EUR', pricePerKwhMinor: 30, pricePerMinuteMinor: 2, sessionFeeMinor: 50, idleFeePerMinuteMinor: 10, idleGraceMin: 2, taxRatePercent: 19 };
  const own = await api(app).post('/tariffs', { ...tariff, name: 'Own', stationIds: stationIds.slice(0, stationIds.length / 2) });
  expect(own.status).toBe(201);
  expect((await api(app).post('/tariffs', { ...tariff, name: 'Default', isDefault: true, pricePerKwhMinor: 40 })).status).toBe(201);
}

/** The k-th charger's figures on a connector: its start, the car full from minute 5 to 9, its stop at minute 20 to 26. */
const figures = (c: Charger, k: number, connectorId = 1) => ({
  start: { connectorId, idTag: c.idTag, meterStart: 1_000 + k, timestamp: at(0) },
  suspended: { connectorId, status: 'SuspendedEV' as const, errorCode: 'NoError' as const, timestamp: at(5 + (k % 5)) },
  stop: (transactionId: number) => ({ transactionId, meterStop: 5_000 + 137 * k, timestamp: at(20 + (k % 7)), reason: 'Local' as const,
    idTag: c.idTag, transactionData: [sample(20 + (k % 7), energy(5_000 + 137 * k, { context: 'Transaction.End' }))] }),
});

/** A session started on the connector, its car full since minute 5 to 9; its transactionId. */
async function startSuspended(c: Charger, k: number, connectorId: number): Promise<number> {
  const { transactionId } = await c.cp.call('StartTransaction', figures(c, k, connectorId).start);
  await c.cp.call('StatusNotification', figures(c, k, connectorId).suspended);
  return transactionId;
}

/** What an invoice charges, without what differs from one session to another. */
function priced(invoice: Record<string, unknown> | undefined): { lines: unknown } & Record<string, unknown> {
  if (!invoice) throw new Error('no invoice');
  const { currency, tariffId, lines, subtotalMinor, taxMinor, totalMinor } = invoice;
  return { currency, tariffId, lines, subtotalMinor, taxMinor, totalMinor };
}

describe('StopTransactions in flight together', () => {
  it('stop 40 chargers at once, each once with its invoice priced as a lone stop gives it, each answered as alone', async () => {
    const chargers = await Promise.all(Array.from({ length: 40 }, () => aChargerWithTag(app)));
    await priceStations(chargers.map((c) => c.stationId));
    const grouped = await Promise.all(chargers.map((c, k) => startSuspended(c, k, 1)));
    const seen = recordEvents();

    counter.reset();
    const answers = await Promise.all(chargers.map(({ cp }, k) => cp.call('StopTransaction', figures(chargers[k]!, k).stop(grouped[k]!))));
    const cost = counter.take();
    // Alone, each would be one transaction of 7 statements: 40 and 280. Together, they form a group or a few (the
    // socket reads of one poll phase form one group; 1 on both databases when measured).
    expect(cost.transactions).toBeLessThanOrEqual(10);
    expect(cost.statements).toBeLessThanOrEqual(7 * 10);

    // The reference: the same figures on connector 2, stopped alone, one after the other.
    const lone = [];
    for (const [k, c] of chargers.entries()) {
      const tx = await startSuspended(c, k, 2);
      lone.push({ tx, answer: await c.cp.call('StopTransaction', figures(c, k).stop(tx)) });
    }
    for (const [k, { stationId }] of chargers.entries()) {
      expect(answers[k]).toEqual(lone[k]!.answer);
      expect(answers[k]!.idTagInfo?.status).toBe('Accepted');
      const invoices = await invoicesOf(stationId);
      const pricedOf = (tx: number) => priced(invoices.find((i) => i.sessionId === tx));
      expect(invoices).toHaveLength(2);
      expect(pricedOf(grouped[k]!)).toEqual(pricedOf(lone[k]!.tx));
      // Priced on the connector's own history: SuspendedEV from minute 5 to 9 on, beyond the 2 minutes' grace.
      expect(pricedOf(grouped[k]!).lines).toContainEqual(expect.objectContaining({ kind: 'idle' }));
      expect(await app.services.sessions.get(grouped[k]!)).toMatchObject({ meterStopWh: 5_000 + 137 * k, energyWh: 4_000 + 136 * k });
      expect(eventsOf(seen, grouped[k]!)).toEqual(['invoice.issued', 'session.stopped']);
    }
  });

  it('is one stop and one invoice for a stop and its resend in the same group; the resend answers as a repeat', async () => {
    const session = await aSession();
    const seen = recordEvents();
    const [first, resent] = (await inOneGroup([stopOf(session), stopOf(session)]));

    expect(first).toMatchObject({ outcome: 'stopped', invoice: { sessionId: session.id } });
    expect(resent).toEqual({ outcome: 'already-stopped', session: first!.session, authorization: first!.authorization });
    expect((await invoicesOf(session.stationId)).map((i) => i.sessionId)).toEqual([session.id]);
    expect(await app.services.sessions.samples(session.id)).toHaveLength(1);
    expect(eventsOf(seen, session.id)).toEqual(['invoice.issued', 'session.stopped']);
  });

  it('records a stop of an unknown transaction in the group as such and stops the others', async () => {
    const [a, b] = [await aSession(), await aSession()];
    const unknownTx = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const unknown = { ...stopOf(a), transactionId: unknownTx, rawTransactionData: [{ timestamp: at(1), sampledValue: [{ value: '1' }] }] };
    const [stoppedA, notOurs, stoppedB] = (await inOneGroup([stopOf(a), unknown, stopOf(b)]));

    expect(stoppedA).toMatchObject({ outcome: 'stopped', session: { id: a.id, energyWh: 3_000 }, invoice: { sessionId: a.id } });
    expect(stoppedB).toMatchObject({ outcome: 'stopped', session: { id: b.id, energyWh: 3_000 }, invoice: { sessionId: b.id } });
    expect(notOurs).toMatchObject({ outcome: 'unknown-transaction', session: null, authorization: { status: 'Accepted' } });
    expect(await app.services.sessions.unknownStops(a.stationId)).toMatchObject([
      { transactionId: unknownTx, meterStopWh: 4_000, idTag: a.idTag, transactionData: unknown.rawTransactionData },
    ]);
    expect((await invoicesOf(a.stationId)).map((i) => i.sessionId)).toEqual([a.id]);
  });

  it('answers two stops of one tag in a group as they would be one after the other: Accepted, never ConcurrentTx', async () => {
    const answersFor = async (stopAll: (stops: StopInput[]) => Promise<StopOutcome[]>) => {
      const idTag = await anIdTag(app.services);
      const sessions = [await aSession(idTag), await aSession(idTag)];
      return (await stopAll(sessions.map((s) => stopOf(s)))).map((o) => o.authorization?.status);
    };
    const inGroup = await answersFor(async (stops) => (await inOneGroup(stops)));
    const oneByOne = await answersFor(async (stops) => {
      const out = [];
      for (const s of stops) out.push(await app.services.sessions.stop(s));
      return out;
    });
    // Each stop's tag charges in the other session as it stops: ConcurrentTx is only for a StartTransaction (§7.2).
    expect(inGroup).toEqual(['Accepted', 'Accepted']);
    expect(inGroup).toEqual(oneByOne);
  });

  it('completes the booking a stop in a group fulfilled, announced once', async () => {
    const { cp, stationId } = await aChargerWithTag(app);
    const holder = await aHolder(app);
    const now = new Date();
    const bookingId = await aBookingFromNow(app, stationId, holder, now);
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: holder.idTag, meterStart: 0, timestamp: inMinutes(now, 2) });
    const session = await app.services.sessions.get(transactionId);
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'active', sessionId: transactionId });
    const seen = recordEvents();

    const [stopped, other] = (await inOneGroup([
      stopOf(session, { stoppedAt: new Date(inMinutes(now, 30)), samples: [] }), stopOf(await aSession()),
    ]));

    expect(stopped).toMatchObject({ outcome: 'stopped', booking: { id: bookingId, status: 'completed' } });
    expect(other).toMatchObject({ outcome: 'stopped', booking: null });
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'completed' });
    expect(eventsOf(seen, bookingId)).toEqual(['booking.changed']);
  });

  it('costs one transaction of 7 statements for 20 stops in flight together, where alone each would cost 7', async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, () => aSession()));
    counter.reset();
    const outcomes = fulfilled(await together(sessions.map((s) => stopOf(s))));
    expect(counter.take()).toMatchObject({ transactions: 1, statements: 7 });
    expect(outcomes.map((o) => o.outcome)).toEqual(sessions.map(() => 'stopped'));
    for (const s of sessions) expect((await invoicesOf(s.stationId)).map((i) => i.sessionId)).toEqual([s.id]);
  });

  it('fails only the stop that fails: the others of its group are stopped', async () => {
    const [a, b] = [await aSession(), await aSession()];
    // No station 2,000,000,000: recording its stop breaks a foreign key, inside the same group as the good ones.
    const bad = { ...stopOf(a), stationId: 2_000_000_000, transactionId: 1, idTag: randomIdTag() };
    const results = await together([stopOf(a), bad, stopOf(b)]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    for (const s of [a, b]) {
      expect(await app.services.sessions.get(s.id)).toMatchObject({ meterStopWh: 4_000, stoppedAt: minutesAfterStart(20) });
      expect((await invoicesOf(s.stationId)).map((i) => i.sessionId)).toEqual([s.id]);
    }
  });
});
