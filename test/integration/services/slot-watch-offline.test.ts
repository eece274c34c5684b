// The slot watcher announces a station going offline (slot.changed with stationOnline: false) from the slots it
// derived. A charger that leaves before a slot's first derivation ran (its boot's refresh still gathering, as on
// a loaded machine) has that slot announced offline by the refresh that derives it; one that came back meanwhile
// is announced online. The watcher here has its own bus, and the test is the charger's connection speaking.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aWatcherOfAnAvailableConnector } from '../../helpers/slot-watcher.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(() => app.stop());

/** A station whose connector 1 reported Available, and a watcher that has derived none of its slots yet. */
async function anUnderivedStation() {
  const { station, events, watcher, announced } = await aWatcherOfAnAvailableConnector(app, systemClock);
  const connection = { stationId: station.id, chargeBoxId: station.chargeBoxId, at: new Date(), connectionId: 1, nodeId: null };
  return {
    watcher, announced,
    goesOffline: () => events.emit('station.offline', { ...connection, reason: 'test' }),
    comesBack: () => events.emit('station.online', connection),
  };
}

it('announces a station that went offline before its slots were derived, once they are', async () => {
  const s = await anUnderivedStation();
  s.goesOffline();
  await s.watcher.refreshAll();
  const offline = await waitFor(() => s.announced.find((e) => e.stationOnline === false));
  expect(offline).toMatchObject({ connectorId: 1, status: 'available', stationOnline: false });
  await s.watcher.stop();
});

it('does not announce it offline when it came back before the derivation', async () => {
  const s = await anUnderivedStation();
  s.goesOffline();
  s.comesBack();
  await s.watcher.refreshAll();
  const online = await waitFor(() => s.announced.find((e) => e.stationOnline === true));
  expect(online).toMatchObject({ connectorId: 1, status: 'available' });
  await s.watcher.stop();
  expect(s.announced.filter((e) => e.stationOnline === false)).toEqual([]);
});
