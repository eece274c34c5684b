// The slot watcher in a cluster (issue 15 item 4, "caches from the stream"): another node's slot.changed reaches
// this node's bus through EventBus.receiveRemote (cluster/event-relay.ts); the watcher remembers it without
// announcing it again, so what it announces when a charger goes offline here is not stale, and a change back
// to what it last derived itself is not missed. Here the other node is the test, speaking through receiveRemote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aWatcherOfAnAvailableConnector } from '../../helpers/slot-watcher.js';
import { waitFor } from '../../helpers/wait-for.js';

const clock = new ManualClock(new Date());
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock }); });
afterAll(() => app.stop());

/** A station whose connector 1 reported Available (its slot: available), and a watcher that derived it. */
async function aWatchedSlot() {
  const { station, events, watcher, announced } = await aWatcherOfAnAvailableConnector(app, clock);
  await watcher.refreshAll();
  const derived = await waitFor(() => announced.find((e) => e.connectorId === 1));
  expect(derived.status).toBe('available');
  announced.length = 0;
  const fromAnotherNode = (status: string, at: Date) => events.receiveRemote('slot.changed', { ...derived, status, at });
  const goesOffline = () => events.emit('station.offline', {
    stationId: station.id, chargeBoxId: station.chargeBoxId, at: clock.now(), reason: 'test', connectionId: 1, nodeId: null,
  });
  return { station, events, watcher, announced, fromAnotherNode, goesOffline };
}

describe('the slot watcher with other nodes', () => {
  it('remembers another node\'s status without announcing it, and announces that one when the charger goes offline here', async () => {
    const w = await aWatchedSlot();

    w.fromAnotherNode('in_use', clock.now());
    w.goesOffline();

    const offline = await waitFor(() => w.announced.find((e) => e.stationOnline === false));
    expect(offline.status).toBe('in_use');
    // stop() waits for any refresh gathered meanwhile (the 30 ms batcher): the other node announced in_use, this
    // one does not repeat it, at once or through a refresh.
    await w.watcher.stop();
    expect(w.announced).toEqual([offline]);
  });

  it('announces a change back to what it derived before, which another node\'s status came between', async () => {
    const w = await aWatchedSlot();
    w.fromAnotherNode('inactive', clock.now());

    // A refresh here derives available again (nothing changed in the database): a change from inactive.
    w.events.emit('connector.status', { stationId: w.station.id, connectorId: 1, status: 'Available', errorCode: 'NoError', info: null, at: clock.now() });

    const back = await waitFor(() => w.announced.find((e) => e.connectorId === 1 && e.stationOnline === undefined));
    expect(back.status).toBe('available');
    await w.watcher.stop();
  });

  it('keeps its own derivation when another node\'s is older (the two raced on one slot)', async () => {
    const w = await aWatchedSlot();

    w.fromAnotherNode('inactive', new Date(clock.now().getTime() - 60_000));
    w.goesOffline();

    const offline = await waitFor(() => w.announced.find((e) => e.stationOnline === false));
    expect(offline.status).toBe('available');
    await w.watcher.stop();
  });
});
