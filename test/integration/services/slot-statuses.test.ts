// The slot watcher derives statuses from ONE statement (store/slot-statuses.ts) instead of the staff view's seven
// reads (services/slots.ts slotViews), and announces stations going on or offline from what it derived, without
// a read (issue 14). Pinned here: the one statement gives exactly the view's status, slot by slot, in every
// status and for every rule behind one; a refresh of many stations is one statement; stations going on or
// offline together cost no slot read.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { EventBus, type DomainEvents } from '../../../src/shared/events.js';
import { createLogger } from '../../../src/shared/logger.js';
import { slotStatus } from '../../../src/domain/slots.js';
import type { ConnectorStatus } from '../../../src/domain/model.js';
import { slotViews } from '../../../src/services/slots.js';
import { watchSlots } from '../../../src/services/slot-watch.js';
import * as store from '../../../src/store/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { api } from '../../helpers/api.js';
import { aHolder, inMinutes, slotsOf } from '../../helpers/bookings.js';
import { closeChargers } from '../../helpers/charger.js';
import { countStatements, type StatementCounter } from '../../helpers/statement-counter.js';
import { waitFor } from '../../helpers/wait-for.js';

const clock = new ManualClock(new Date());
let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp({ clock }); counter = countStatements(app); });
afterEach(async () => { await closeChargers(); clock.set(new Date()); });
afterAll(async () => { counter.detach(); await app.stop(); });

const report = (stationId: number, connectorId: number, status: ConnectorStatus) => app.services.connectors.recordStatus({
  stationId, connectorId, status, errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError',
  info: null, vendorId: null, vendorErrorCode: null, chargerTimestamp: null,
});

/** A new station whose connectors 1..n reported these statuses; its id. */
async function aStationReporting(...statuses: ConnectorStatus[]): Promise<number> {
  const station = await aStation(app.services);
  for (const [i, status] of statuses.entries()) await report(station.id, i + 1, status);
  return station.id;
}

async function openIssue(stationId: number, connectorId: number): Promise<number> {
  const issue = await api(app).post('/issues', { stationId, connectorId, title: 'Needs a look' });
  expect(issue.status).toBe(201);
  return issue.body.id as number;
}

async function book(slotId: number, fromMin: number, toMin: number): Promise<void> {
  const holder = await aHolder(app);
  const made = await api(app).post('/bookings', {
    slotId, customerId: holder.customerId, idTagId: holder.idTagId, startsAt: inMinutes(clock.now(), fromMin), endsAt: inMinutes(clock.now(), toMin),
  });
  expect(made.status).toBe(201);
}

/** Each slot's status by code: as the staff view derives it, and from the one statement. */
async function statusesBothWays(stationIds: number[]) {
  const now = clock.now();
  const views = await slotViews(app.database.db, now, { stationIds });
  const facts = await store.slotStatuses.listSlotFacts(app.database.db, now, { stationIds });
  return {
    fromView: Object.fromEntries(views.map((v) => [v.code, v.status])),
    fromOneStatement: Object.fromEntries(facts.map(({ code, ...f }) => [code, slotStatus(f)])),
  };
}

const codesOf = async (stationId: number) => Object.fromEntries((await api(app).get(`/slots?stationId=${stationId}`)).body
  .map((s: { connectorId: number; code: string }) => [s.connectorId, s.code])) as Record<number, string>;

describe('statuses from the one statement', () => {
  it('equal the staff view\'s for slots in every status and by every rule', async () => {
    const free = await aStationReporting('Available', 'Preparing');
    const occupied = await aStationReporting('Charging', 'SuspendedEV');
    const outOfOrder = await aStationReporting('Faulted', 'Unavailable');
    const connectorIssue = await aStationReporting('Available', 'Available');
    await openIssue(connectorIssue, 1); // connector 1 only, never its neighbour (domain/monitoring.ts)
    const stationIssue = await aStationReporting('Available', 'Finishing');
    await openIssue(stationIssue, 0);
    const resolvedIssue = await aStationReporting('Available');
    const resolved = await openIssue(resolvedIssue, 1);
    for (const status of ['in_progress', 'resolved']) expect((await api(app).patch(`/issues/${resolved}`, { status })).status).toBe(200);
    const session = await aStationReporting('Available', 'Available');
    const started = await app.services.sessions.start({
      stationId: session, connectorId: 1, idTag: await anIdTag(app.services), meterStartWh: 0, startedAt: clock.now(), reservationId: null,
    });
    expect(started.session.stoppedAt).toBeNull();
    const booked = await aStationReporting('Available', 'Available', 'Available');
    const bookedSlots = await slotsOf(app, booked);
    await book(bookedSlots[1]!, 10, 70); // covers now once the clock moves on
    await book(bookedSlots[2]!, 120, 180); // later: not now
    const inUseWins = await aStationReporting('Available', 'Faulted');
    await book((await slotsOf(app, inUseWins))[1]!, 10, 70);
    await report(inUseWins, 1, 'Charging');
    await openIssue(inUseWins, 0);
    const deactivated = await aStationReporting('Unavailable', 'Charging'); // not Faulted: that opens an issue, which counts still
    expect((await api(app).patch(`/stations/${deactivated}`, { active: false })).status).toBe(200);
    clock.set(new Date(clock.now().getTime() + 11 * 60_000));

    const stations = { free, occupied, outOfOrder, connectorIssue, stationIssue, resolvedIssue, session, booked, inUseWins, deactivated };
    const expected: Record<keyof typeof stations, string[]> = {
      free: ['available', 'available'],
      occupied: ['in_use', 'in_use'],
      outOfOrder: ['inactive', 'inactive'],
      connectorIssue: ['inactive', 'available'],
      stationIssue: ['inactive', 'inactive'],
      resolvedIssue: ['available'],
      session: ['in_use', 'available'],
      booked: ['booked', 'available', 'available'],
      inUseWins: ['in_use', 'inactive'],
      deactivated: ['available', 'available'], // no connector status shown for an inactive station
    };
    const { fromView, fromOneStatement } = await statusesBothWays(Object.values(stations));
    const want: Record<string, string> = {};
    for (const [name, id] of Object.entries(stations)) {
      const codes = await codesOf(id);
      expected[name as keyof typeof stations].forEach((status, i) => { want[codes[i + 1]!] = status; });
    }
    expect(fromView).toEqual(want); // the cases are what they claim to be
    expect(fromOneStatement).toEqual(fromView);
  });

  it('is the statement committed beside it, for review (src/store/slot-statuses.sql)', async () => {
    // Comments gone, spaces collapsed: what is left is the statement as drizzle sends it.
    const normalized = (sql: string) => sql.replace(/--.*$/gm, '').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
    counter.reset();
    await store.slotStatuses.listSlotFacts(app.database.db, clock.now(), { stationIds: [1, 2, 3], ids: [4, 5, 6] });
    const { sql } = counter.take();
    const committed = await readFile(new URL('../../../src/store/slot-statuses.sql', import.meta.url), 'utf8');
    expect(sql.map(normalized)).toEqual([normalized(committed)]);
  });

  it('choose slots by station, by id, or both, and every slot when given neither', async () => {
    const a = await aStationReporting('Available', 'Charging');
    const b = await aStationReporting('Faulted');
    const slotOfB = (await slotsOf(app, b))[1]!;
    const ids = async (f: store.slotStatuses.SlotFactsFilter) =>
      (await store.slotStatuses.listSlotFacts(app.database.db, clock.now(), f)).map((s) => s.id);
    const ofA = Object.values(await slotsOf(app, a));
    expect(await ids({ stationIds: [a] })).toEqual(ofA);
    expect(await ids({ ids: [slotOfB] })).toEqual([slotOfB]);
    expect(await ids({ stationIds: [a], ids: [slotOfB] })).toEqual([...ofA, slotOfB]);
    expect(await ids({ stationIds: [], ids: [] })).toEqual([]);
    expect(await ids({})).toEqual(expect.arrayContaining([...ofA, slotOfB]));
  });
});

describe('what the watcher costs', () => {
  /** A watcher of our own on a bus of our own, over the app's database: no other listener, no other refresh. */
  function aWatcher() {
    const log = createLogger('silent');
    const events = new EventBus(log);
    const watcher = watchSlots({ db: app.database.db, clock, events, log });
    const changes: Array<DomainEvents['slot.changed']> = [];
    events.on('slot.changed', (e) => changes.push(e));
    return { events, watcher, changes };
  }

  it('refreshes every slot in one statement, and the slots of many stations reporting together in one', async () => {
    const stationIds = [];
    for (let i = 0; i < 5; i++) stationIds.push(await aStationReporting('Available', 'Available'));
    const { events, watcher, changes } = aWatcher();
    counter.reset();
    await watcher.refreshAll();
    expect(counter.take().statements).toBe(1);

    for (const stationId of stationIds) await report(stationId, 1, 'Charging');
    counter.reset();
    changes.length = 0;
    for (const stationId of stationIds) {
      events.emit('connector.status', { stationId, connectorId: 1, status: 'Charging', errorCode: 'NoError', info: null, at: clock.now() });
    }
    await watcher.stop(); // after the refresh these events asked for
    const { statements, sql } = counter.take();
    expect(statements, sql.join('\n')).toBe(1);
    expect(changes.map((c) => [c.stationId, c.connectorId, c.status])).toEqual(stationIds.map((id) => [id, 1, 'in_use']));
  });

  it('announces stations going on and offline from what it derived, reading nothing', async () => {
    const stationIds = [];
    for (let i = 0; i < 5; i++) stationIds.push(await aStationReporting('Available', 'Faulted'));
    const { events, watcher, changes } = aWatcher();
    await watcher.refreshAll();
    for (const online of [true, false]) {
      counter.reset();
      changes.length = 0;
      for (const stationId of stationIds) {
        events.emit(online ? 'station.online' : 'station.offline', { stationId, chargeBoxId: `CP-${stationId}`, at: clock.now(), reason: 'test', connectionId: stationId, nodeId: null });
      }
      await waitFor(() => changes.length === 2 * stationIds.length);
      expect(counter.take().statements).toBe(0);
      expect(changes.map((c) => [c.stationId, c.connectorId, c.status, c.stationOnline])).toEqual(
        stationIds.flatMap((id) => [[id, 1, 'available', online], [id, 2, 'inactive', online]]));
    }
    await watcher.stop();
  });
});
