// Liveness: a station is online while its socket is open and answers pings; one that goes silent is
// disconnected and marked offline within offlineAfterS (ping every offlineAfterS / 2, terminated when a ping is
// still unanswered at the next); the connection history records when it came and went, and how it left.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, RawSocket } from '../../helpers/charger.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ConnectionRecord } from '../../../src/domain/model.js';

const OFFLINE_AFTER_S = 1; // so the server pings every 0.5 s
// Offline within a second of going silent; the margin is for a loaded 2-core machine, not for the rule.
const DETECT_WITHIN_MS = 6_000;

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ offlineAfterS: OFFLINE_AFTER_S }); });
afterEach(closeChargers);
afterAll(() => app.stop());

const raws: RawSocket[] = [];
afterEach(() => { raws.splice(0).forEach((r) => r.ws.terminate()); });

async function openRaw(chargeBoxId: string): Promise<RawSocket> {
  const raw = await RawSocket.open(app, chargeBoxId);
  raws.push(raw);
  return raw;
}

/** The station's open connection record; a raw socket opens before the central system has written it. */
function openRecord(stationId: number): Promise<ConnectionRecord> {
  return waitFor(async () => (await app.services.stations.listConnections(stationId)).find((c) => !c.disconnectedAt));
}

/** The station's connection record `id`, once it is closed. */
function closedRecord(stationId: number, id: number, timeoutMs = 5_000): Promise<ConnectionRecord> {
  return waitFor(async () => {
    const found = (await app.services.stations.listConnections(stationId)).find((c) => c.id === id);
    return found?.disconnectedAt ? found : undefined;
  }, timeoutMs);
}

/** Counts the pongs the central system receives on the station's current connection (ocpp-rpc's 'ping' event). */
function countPongs(stationId: number): { readonly count: number } {
  const live = app.ocpp.registry.get(stationId);
  if (!live) throw new Error(`station ${stationId} is not connected`);
  const counter = { count: 0 };
  live.rpc.on('ping', () => { counter.count += 1; });
  return counter;
}

describe('liveness', () => {
  it('is online while the socket is open, with an open connection record', async () => {
    const station = await aStation(app.services);
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
    const before = Date.now();
    await bootedCharger(app, station.chargeBoxId);
    const after = Date.now();

    expect(app.ocpp.registry.isOnline(station.id)).toBe(true);
    const [record] = await app.services.stations.listConnections(station.id);
    expect(record).toMatchObject({ disconnectedAt: null, closeCode: null, closeReason: null });
    expect(record!.connectedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(record!.connectedAt.getTime()).toBeLessThanOrEqual(after + 1);
    expect(app.ocpp.registry.get(station.id)?.connectionId).toBe(record!.id);
  });

  it('disconnects a charger that stops answering pings and records it offline, while a live one stays online', async () => {
    const silent = await aStation(app.services);
    const alive = await aStation(app.services);
    const raw = await openRaw(silent.chargeBoxId);
    const cp = await bootedCharger(app, alive.chargeBoxId);
    const silentRecord = await openRecord(silent.id);
    expect(app.ocpp.registry.get(silent.id)?.connectionId).toBe(silentRecord.id);
    const alivePongs = countPongs(alive.id);

    // The charger goes silent: its TCP socket is no longer read, so it never sees the pings, let alone answers.
    const wentSilentAt = Date.now();
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const record = await closedRecord(silent.id, silentRecord.id, DETECT_WITHIN_MS);
    expect(record).toMatchObject({ closeCode: 1006, closeReason: 'connection lost' });
    expect(record.disconnectedAt!.getTime()).toBeGreaterThanOrEqual(wentSilentAt);
    expect(record.disconnectedAt!.getTime() - wentSilentAt).toBeLessThan(DETECT_WITHIN_MS);
    expect(app.ocpp.registry.isOnline(silent.id)).toBe(false);

    // The live charger beside it answered pings over the same period and several more: still online.
    await waitFor(() => alivePongs.count >= 4, DETECT_WITHIN_MS);
    expect(app.ocpp.registry.isOnline(alive.id)).toBe(true);
    expect(cp.isOnline).toBe(true);
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(await app.services.stations.listConnections(alive.id)).toMatchObject([{ disconnectedAt: null }]);
  });

  it('records a clean close by the charger with its close code, and forgets the connection', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId);
    const conn = app.ocpp.registry.get(station.id)!;
    const closing = Date.now();
    await cp.close(); // close frame with code 1000

    const record = await closedRecord(station.id, conn.connectionId);
    expect(record).toMatchObject({ closeCode: 1000, closeReason: 'closed by charger' });
    expect(record.disconnectedAt!.getTime()).toBeGreaterThanOrEqual(closing);
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
  });

  it("records the charger's own close code and reason", async () => {
    const station = await aStation(app.services);
    const raw = await openRaw(station.chargeBoxId);
    const open = await openRecord(station.id);
    raw.ws.close(4100, 'maintenance reboot');
    expect((await raw.closed).code).toBe(4100);

    const record = await closedRecord(station.id, open.id);
    expect(record).toMatchObject({ closeCode: 4100, closeReason: 'maintenance reboot' });
    expect(app.ocpp.registry.isOnline(station.id)).toBe(false);
  });

  it('keeps when each connection came and went, newest first, and the last time the charger was seen', async () => {
    const station = await aStation(app.services);
    const first = await bootedCharger(app, station.chargeBoxId);
    const firstId = app.ocpp.registry.get(station.id)!.connectionId;
    const { currentTime } = await first.call('Heartbeat', {});
    await first.close();
    const firstRecord = await closedRecord(station.id, firstId);
    expect((await app.services.stations.get(station.id)).lastSeenAt?.getTime())
      .toBeGreaterThanOrEqual(new Date(currentTime).getTime());

    await bootedCharger(app, station.chargeBoxId);
    const [second, again] = await app.services.stations.listConnections(station.id);
    expect(again).toEqual(firstRecord);
    expect(second).toMatchObject({ disconnectedAt: null });
    expect(second!.id).not.toBe(firstRecord.id);
    expect(firstRecord.connectedAt.getTime()).toBeLessThanOrEqual(firstRecord.disconnectedAt!.getTime());
    expect(second!.connectedAt.getTime()).toBeGreaterThanOrEqual(firstRecord.disconnectedAt!.getTime());
    expect(app.ocpp.registry.get(station.id)?.connectionId).toBe(second!.id);
  });
});
