// The booking job recomputes the slots whose booking window opened since its last run. Slot refreshes are
// coalesced (services/slot-watch.ts): under a steady stream of status events the job must still finish once a
// refresh covering its slot has run, rather than wait for the stream to run dry (with thousands of chargers it
// never does), and the slot must then show booked. The hang shows on a PostgreSQL server (DATABASE_URL), where
// queries wait on a socket and the stream's setImmediate callbacks run in between; PGlite answers without
// yielding to them, so there only the slot assertion can fail.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { api } from '../../helpers/api.js';
import { aHolder, inMinutes, slotsOf } from '../../helpers/bookings.js';

/** Far more than a finishing job lets through (a few hundred here), far fewer than a loaded machine sends in a minute. */
const MAX_STATUS_EVENTS = 20_000;
const clock = new ManualClock(new Date());
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock }); });
afterAll(async () => { await app.stop(); });

const available = { connectorId: 1, status: 'Available' as const, errorCode: 'NoError', info: null, vendorId: null, vendorErrorCode: null, chargerTimestamp: null };

it('finishes a job run while status events keep arriving, with the opened window shown on its slot', async () => {
  const station = await aStation(app.services);
  await app.services.connectors.recordStatus({ ...available, stationId: station.id });
  const slotId = (await slotsOf(app, station.id))[1]!;
  const holder = await aHolder(app);
  const made = await api(app).post('/bookings', {
    slotId, customerId: holder.customerId, idTagId: holder.idTagId, startsAt: inMinutes(clock.now(), 10), endsAt: inMinutes(clock.now(), 70),
  });
  expect(made.status).toBe(201);
  clock.set(new Date(clock.now().getTime() + 11 * 60_000)); // the window is open now

  // The stream is bounded by a count of events, not by the clock: a job that waits for it to run dry is still
  // running when the last one is sent, however fast or loaded the machine.
  let finished = false;
  const job = app.jobs.runBookings().then(() => { finished = true; });
  let emitted = 0;
  while (!finished && emitted < MAX_STATUS_EVENTS) {
    app.events.emit('connector.status', { stationId: station.id, connectorId: 1, status: 'Available', errorCode: 'NoError', info: null, at: clock.now() });
    emitted += 1;
    await new Promise((r) => setImmediate(r));
  }
  expect(finished, `the job still ran after ${emitted} status events`).toBe(true);
  await job;
  const slot = (await api(app).get(`/slots/${slotId}`)).body as { status: string };
  expect(slot.status).toBe('booked');
});
