// Reservations sent again on reconnect and on Available (jobs/reservation-retries.ts) gather their events for a
// moment first (issue 14): in a storm Node accepts one connection per turn of the event loop, so grouping by
// turn was one bookings query per charger. Events spread over several turns must cost one query.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../../../src/shared/events.js';
import { createLogger } from '../../../src/shared/logger.js';
import { systemClock } from '../../../src/shared/clock.js';
import { retryReservations } from '../../../src/jobs/reservation-retries.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { countStatements, type StatementCounter } from '../../helpers/statement-counter.js';

let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp(); counter = countStatements(app); });
afterAll(async () => { counter.detach(); await app.stop(); });

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Retries of our own on a bus of our own, with the app's booking service: no other listener sends statements. */
function ownRetries() {
  const log = createLogger('silent');
  const events = new EventBus(log);
  return { events, retries: retryReservations({ events, clock: systemClock, bookings: app.services.bookings, log }) };
}

it('stations coming online over several turns of the event loop cost one bookings query', async () => {
  const stationIds = [];
  for (let i = 0; i < 5; i++) stationIds.push((await aStation(app.services)).id);
  const { events, retries } = ownRetries();
  counter.reset();
  for (const stationId of stationIds) {
    events.emit('station.online', { stationId, chargeBoxId: `CP-${stationId}`, at: new Date(), connectionId: stationId, nodeId: null });
    await nextTurn();
  }
  retries.stop();
  await retries.settled();
  const { statements, sql } = counter.take();
  expect(statements, sql.join('\n')).toBe(1); // none was due: the query alone
});

it('connectors reporting Available over several turns cost one bookings query', async () => {
  const stationIds = [];
  for (let i = 0; i < 5; i++) stationIds.push((await aStation(app.services)).id);
  const { events, retries } = ownRetries();
  counter.reset();
  for (const stationId of stationIds) {
    events.emit('connector.status', { stationId, connectorId: 1, status: 'Available', errorCode: 'NoError', info: null, at: new Date() });
    await nextTurn();
  }
  retries.stop();
  await retries.settled();
  const { statements, sql } = counter.take();
  expect(statements, sql.join('\n')).toBe(1);
});
