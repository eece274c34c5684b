// StartTransactions in groups (issue 14, services/session-starts.ts): many chargers starting at once over real
// sockets are stored as if one by one: each its own session and transactionId, one tag charging in one place, a
// resend on the row its first made, a refused tag stored without disturbing the others, and fewer statements
// than two per start.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aStation, anIdTag, randomIdTag } from '../../helpers/seed.js';
import { countStatements, type StatementCounter } from '../../helpers/statement-counter.js';
import { at } from '../../helpers/transaction-frames.js';
import { api } from '../../helpers/api.js';
import { aBookingFromNow, afterReserveNow, aHolder, inMinutes, type Holder } from '../../helpers/bookings.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp(); counter = countStatements(app); });
afterEach(closeChargers);
afterAll(async () => { counter.detach(); await app.stop(); });

interface Charger { cp: ChargePoint; stationId: number; idTag: string }

/** Booted chargers of new stations, each with an accepted tag of its own. */
async function chargers(n: number): Promise<Charger[]> {
  return Promise.all(Array.from({ length: n }, async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    return { cp: await bootedCharger(app, station.chargeBoxId), stationId: station.id, idTag };
  }));
}

const startOf = (idTag: string, connectorId = 1, meterStart = 1_000) => ({ connectorId, idTag, meterStart, timestamp: at(0) });
const sessionsOf = (stationId: number) => app.services.sessions.list({ stationId });

/** Sends the starts at once; each alone would be a read and an insert (round-trips.test.ts), so fewer statements
 * than two per start shows they were stored in groups. */
async function inGroups<T>(starts: Array<Promise<T>>): Promise<T[]> {
  counter.reset();
  const answers = await Promise.all(starts);
  const { statements, sql } = counter.take();
  expect(statements, sql.map((q) => q.slice(0, 40)).join('\n')).toBeLessThan(2 * starts.length);
  return answers;
}

describe('StartTransactions in groups', () => {
  it('gives each of 40 chargers starting at once its own transactionId and one session, in fewer than 2 statements per start', async () => {
    const all = await chargers(40);
    const answers = await inGroups(all.map(({ cp, idTag }) => cp.call('StartTransaction', startOf(idTag))));

    expect(answers.map((a) => a.idTagInfo.status)).toEqual(all.map(() => 'Accepted'));
    expect(new Set(answers.map((a) => a.transactionId)).size).toBe(40);
    for (const [i, { stationId, idTag }] of all.entries()) {
      expect(await sessionsOf(stationId)).toMatchObject([{ id: answers[i]!.transactionId, idTag, connectorId: 1, stoppedAt: null }]);
    }
  });

  it('answers one of two starts of the same tag at once Accepted and the other ConcurrentTx, both stored', async () => {
    const [one, other, ...noise] = await chargers(12);
    const idTag = await anIdTag(app.services);
    const [a, b] = await inGroups([
      one!.cp.call('StartTransaction', startOf(idTag)),
      other!.cp.call('StartTransaction', startOf(idTag, 2)),
      ...noise.map(({ cp, idTag: own }) => cp.call('StartTransaction', startOf(own))),
    ]);
    expect([a!.idTagInfo.status, b!.idTagInfo.status].sort()).toEqual(['Accepted', 'ConcurrentTx']);
    expect(a!.transactionId).not.toBe(b!.transactionId);
    expect(await sessionsOf(one!.stationId)).toMatchObject([{ id: a!.transactionId, idTag, authorizationStatus: a!.idTagInfo.status }]);
    expect(await sessionsOf(other!.stationId)).toMatchObject([{ id: b!.transactionId, idTag, authorizationStatus: b!.idTagInfo.status }]);
  });

  it('gives a start and its resend in flight together the same transactionId and answer, and one session', async () => {
    // One connection's CALLs are handled one at a time (ocpp/call-guard.ts): a resend is in flight beside its
    // first only across a reconnect, which no test can time. So the service is called as two connections would.
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    const noise = await chargers(10);
    const started: Array<{ stationId: number }> = [];
    const stopListening = app.events.on('session.started', (e) => started.push(e));
    onTestFinished(stopListening);
    const start = { stationId: station.id, connectorId: 1, idTag, meterStartWh: 2_500, startedAt: new Date(at(0)), reservationId: null };
    const [a, b] = await inGroups([
      app.services.sessions.start(start),
      app.services.sessions.start({ ...start }),
      ...noise.map(async ({ cp, idTag: own }) => { await cp.call('StartTransaction', startOf(own)); return null; }),
    ]);
    expect(started.filter((e) => e.stationId === station.id)).toHaveLength(1); // once per session made
    expect(b!.session.id).toBe(a!.session.id);
    expect(b!.authorization).toEqual(a!.authorization);
    expect(a!.authorization.status).toBe('Accepted');
    expect([a!.created, b!.created]).toEqual([true, false]);
    expect(await sessionsOf(station.id)).toMatchObject([{ id: a!.session.id, meterStartWh: 2_500 }]);
  });

  it('stores an unknown and a blocked tag refused inside a group, leaving the others Accepted', async () => {
    const all = await chargers(12);
    const blocked = await anIdTag(app.services, { status: 'Blocked' });
    const tags = all.map(({ idTag }, i) => (i === 3 ? randomIdTag() : i === 7 ? blocked : idTag));
    const answers = await inGroups(all.map(({ cp }, i) => cp.call('StartTransaction', startOf(tags[i]!))));

    const expected = tags.map((_, i) => (i === 3 ? 'Invalid' : i === 7 ? 'Blocked' : 'Accepted'));
    expect(answers.map((a) => a.idTagInfo.status)).toEqual(expected);
    expect(new Set(answers.map((a) => a.transactionId)).size).toBe(12);
    for (const [i, { stationId }] of all.entries()) {
      expect(await sessionsOf(stationId)).toMatchObject([{ id: answers[i]!.transactionId, idTag: tags[i], authorizationStatus: expected[i] }]);
    }
  });

  it("links the holder's start inside a group to its booking, and refuses a stranger on another booked slot, both stored", async () => {
    const [mine, theirs, ...noise] = await chargers(10);
    const [holder, other, stranger] = [await aHolder(app), await aHolder(app, 'Other'), await anIdTag(app.services)];
    const now = new Date();
    const book = async (stationId: number, h: Holder) => {
      const id = await aBookingFromNow(app, stationId, h, now);
      await afterReserveNow(app, id);
      return id;
    };
    const [booked, othersBooking] = [await book(mine!.stationId, holder), await book(theirs!.stationId, other)];
    // By the charger's clock the starts are inside the windows.
    const startIn = (idTag: string) => ({ connectorId: 1, idTag, meterStart: 0, timestamp: inMinutes(now, 2) });

    const [a, b] = await inGroups([
      mine!.cp.call('StartTransaction', startIn(holder.idTag)),
      theirs!.cp.call('StartTransaction', startIn(stranger)),
      ...noise.map(({ cp, idTag }) => cp.call('StartTransaction', startOf(idTag))),
    ]);
    expect([a!.idTagInfo.status, b!.idTagInfo.status]).toEqual(['Accepted', 'Invalid']);
    expect((await api(app).get(`/bookings/${booked}`)).body).toMatchObject({ status: 'active', sessionId: a!.transactionId });
    expect((await api(app).get(`/bookings/${othersBooking}`)).body).toMatchObject({ status: 'confirmed', sessionId: null });
    expect(await sessionsOf(theirs!.stationId)).toMatchObject([{ id: b!.transactionId, idTag: stranger, authorizationStatus: 'Invalid' }]);
  });
});
