// What each transaction message costs the database, counted (issue 14): statements, transactions and round
// trips (statements + BEGIN and COMMIT) per action, on the real app over a real socket. A count, not a time: it
// fails when someone adds a round trip to one of these paths, and prints the statements so the diff says which.
// Before issue 14 (same counting): Authorize 2 statements / 2 round trips; StartTransaction 13 / 15 with its
// transaction; a resent start 2 / 4; StopTransaction with its invoice 13 / 15; a resent stop 3 / 5.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { closeChargers } from '../../helpers/charger.js';
import { randomIdTag } from '../../helpers/seed.js';
import { api } from '../../helpers/api.js';
import { aBookingFromNow, aHolder, inMinutes } from '../../helpers/bookings.js';
import { countStatements, type StatementCount, type StatementCounter } from '../../helpers/statement-counter.js';
import { aChargerWithTag, at, energy, sample, started } from '../../helpers/transaction-frames.js';

let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp(); counter = countStatements(app); });
afterEach(closeChargers);
afterAll(async () => { counter.detach(); await app.stop(); });

interface Cost { statements: number; transactions: number; roundTrips: number }

/** The database cost of one call: the statements it sent before its first event, and its transactions. */
async function expectCost(call: () => Promise<unknown>, expected: Cost): Promise<void> {
  counter.reset();
  await call();
  const { statements, transactions, roundTrips, sql }: StatementCount = counter.take();
  expect({ statements, transactions, roundTrips }, sql.join('\n')).toEqual(expected);
}

const aStop = (transactionId: number, idTag: string) => ({
  transactionId, meterStop: 4_000, timestamp: at(20), reason: 'Local' as const, idTag,
  transactionData: [sample(20, energy(4_000, { context: 'Transaction.End' }))],
});

describe('database round trips per transaction message', () => {
  it('Authorize is one read, for a known tag and an unknown one', async () => {
    const { cp, idTag } = await aChargerWithTag(app);
    await expectCost(() => cp.call('Authorize', { idTag }), { statements: 1, transactions: 0, roundTrips: 1 });
    await expectCost(() => cp.call('Authorize', { idTag: randomIdTag() }), { statements: 1, transactions: 0, roundTrips: 1 });
  });

  it('StartTransaction is one read and one insert, without a transaction; its resend one read', async () => {
    const { cp, idTag } = await aChargerWithTag(app);
    const start = { connectorId: 1, idTag, meterStart: 1_000, timestamp: at(0) };
    await expectCost(() => cp.call('StartTransaction', start), { statements: 2, transactions: 0, roundTrips: 2 });
    await expectCost(() => cp.call('StartTransaction', start), { statements: 1, transactions: 0, roundTrips: 1 });
    const refused = { ...start, connectorId: 2, idTag: randomIdTag() };
    await expectCost(() => cp.call('StartTransaction', refused), { statements: 2, transactions: 0, roundTrips: 2 });
  });

  it('StopTransaction with its samples, its booking and its invoice is one transaction of 7 statements; its resend one', async () => {
    const { cp, idTag } = await aChargerWithTag(app);
    const tx = await started(cp, idTag, 1_000);
    // The session locked with the stop tag's facts, the samples, the stop, the booking it completes (an UPDATE
    // that meets none here), the tariff, the idle history, the invoice with its customer.
    await expectCost(() => cp.call('StopTransaction', aStop(tx, idTag)), { statements: 7, transactions: 1, roundTrips: 9 });
    await expectCost(() => cp.call('StopTransaction', aStop(tx, idTag)), { statements: 1, transactions: 1, roundTrips: 3 });
  });

  it("the holder's start on a booked slot links the booking in the same transaction: 3 statements; its stop completes it", async () => {
    const { cp, stationId } = await aChargerWithTag(app);
    const holder = await aHolder(app);
    const now = new Date();
    const bookingId = await aBookingFromNow(app, stationId, holder, now);
    // By the charger's clock the start is inside the window.
    const start = { connectorId: 1, idTag: holder.idTag, meterStart: 0, timestamp: inMinutes(now, 2) };
    let tx = 0;
    await expectCost(async () => { tx = (await cp.call('StartTransaction', start)).transactionId; },
      { statements: 3, transactions: 1, roundTrips: 5 });
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'active', sessionId: tx });

    const stop = { transactionId: tx, meterStop: 1_000, timestamp: inMinutes(now, 30), idTag: holder.idTag };
    await expectCost(() => cp.call('StopTransaction', stop), { statements: 6, transactions: 1, roundTrips: 8 });
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'completed' });
  });
});
