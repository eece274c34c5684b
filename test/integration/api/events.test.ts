// The live stream staff views follow: every state change arrives by itself (no poll, no reload), and a
// reconnect loses nothing (Last-Event-ID) or is told to resync. How fast it arrives is the benchmark's business:
// these tests wait for the event with a bound sized for a loaded machine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aToken } from '../../helpers/api.js';
import { EventStreamClient } from '../../helpers/event-stream-client.js';

let app: TestApp;
const streams: EventStreamClient[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await closeChargers();
});
afterAll(() => app.stop());

async function openStream(o: Parameters<typeof EventStreamClient.open>[1] = {}): Promise<EventStreamClient> {
  const s = await EventStreamClient.open(app, o);
  streams.push(s);
  return s;
}

describe('GET /api/events', () => {
  it('delivers a connector status once the charger\'s report is answered, with nothing else happening', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const stream = await openStream();

    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Unavailable' });

    const event = await stream.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.connectorId === 2);
    expect(event.data).toMatchObject({ stationId: station.id, connectorId: 2, status: 'Unavailable', errorCode: 'NoError' });
  });

  it('delivers a session\'s start, rising meter values and stop', async () => {
    const station = await aStation(app.services);
    const tag = await anIdTag(app.services);
    const stream = await openStream();
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100 });

    const { transactionId } = await cp.startSession(1, tag);
    await stream.next((e) => e.event === 'session.started' && e.data.sessionId === transactionId);
    const first = await stream.next((e) => e.event === 'session.updated' && e.data.sessionId === transactionId && e.data.energyWh > 0);
    const later = await stream.next((e) => e.event === 'session.updated' && e.data.sessionId === transactionId && e.data.energyWh > first.data.energyWh);
    expect(later.data.socPercent).toBeGreaterThanOrEqual(first.data.socPercent);
    await cp.stopSession(1);
    const stopped = await stream.next((e) => e.event === 'session.stopped' && e.data.sessionId === transactionId);
    expect(stopped.data.energyWh).toBeGreaterThanOrEqual(later.data.energyWh);
    expect(stream.events.some((e) => e.event === 'station.online' && e.data.stationId === station.id)).toBe(true);
  });

  it('resumes after a reconnect with Last-Event-ID: every missed event, in order, none twice', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors: 3 });
    const first = await openStream();
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    const seen = await first.next((e) => e.event === 'connector.status' && e.data.stationId === station.id && e.data.status === 'Preparing');
    first.close();

    // Missed while disconnected:
    for (const connectorId of [1, 2, 3]) {
      await cp.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Unavailable' });
    }
    const resumed = await openStream({ lastEventId: seen.id! });
    await resumed.next((e) => e.event === 'connector.status' && e.data.connectorId === 3 && e.data.stationId === station.id);
    const mine = resumed.events.filter((e) => e.event === 'connector.status' && e.data.stationId === station.id);
    expect(mine.map((e) => [e.data.connectorId, e.data.status])).toEqual([[1, 'Unavailable'], [2, 'Unavailable'], [3, 'Unavailable']]);
    const seqs = resumed.events.map((e) => Number(e.id!.split('.')[1]));
    expect(seqs[0]).toBe(Number(seen.id!.split('.')[1]) + 1);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('tells a client whose Last-Event-ID it cannot resume from to resync', async () => {
    const stream = await openStream({ lastEventId: 'deadbeef.42' });
    expect((await stream.next((e) => e.event === 'resync')).data).toMatchObject({ reason: expect.any(String) });
  });

  it('is open to any role, and takes the token as ?access_token= for browsers', async () => {
    const token = await aToken(app, 'viewer');
    await openStream({ token });
    const res = await fetch(`${app.url}/api/events?access_token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await res.body?.cancel();
    expect((await fetch(`${app.url}/api/events?access_token=nope`)).status).toBe(401);
  });
});
