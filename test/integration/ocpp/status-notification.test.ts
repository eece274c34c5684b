// StatusNotification (../shared/OCPP.md): connector 0 is the charger as a whole, 1..N its outlets. The latest
// status per connector follows the newest charger timestamp, not the last arrival; every report is kept.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const at = (iso: string) => new Date(iso);
// These tests send exact, past timestamps from a charger that has not booted on this connection (as after a
// network drop), so no report of the simulator's own, stamped now, competes with them. A timestamp in the
// future would count as its time of arrival (the last test).

describe('StatusNotification', () => {
  it('creates connector 0 and 1..N on first sight with the status each reported', async () => {
    const station = await aStation(app.services);
    expect(await app.services.connectors.list(station.id)).toEqual([]);
    // After an accepted boot the simulator reports every connector, 0 included.
    const cp = await bootedCharger(app, station.chargeBoxId, { connectors: 3 });
    await cp.fault(2, 'GroundFailure');

    const connectors = await app.services.connectors.list(station.id);
    expect(connectors.map((c) => [c.connectorId, c.status, c.errorCode])).toEqual([
      [0, 'Available', 'NoError'],
      [1, 'Available', 'NoError'],
      [2, 'Faulted', 'GroundFailure'],
      [3, 'Available', 'NoError'],
    ]);
    expect(connectors.every((c) => c.stationId === station.id)).toBe(true);
  });

  it('keeps every report in the history, newest first, and the latest status per connector', async () => {
    const station = await aStation(app.services);
    const cp = await connectedCharger(app, station.chargeBoxId, { connectors: 1 });
    await cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: '2025-01-01T09:00:00.000Z' });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2025-01-01T09:00:00.000Z' });
    const steps = [
      { status: 'Preparing', timestamp: '2025-01-01T10:00:00.000Z' },
      { status: 'Charging', timestamp: '2025-01-01T10:00:05.000Z' },
      { status: 'Finishing', timestamp: '2025-01-01T10:30:00.000Z' },
      { status: 'Available', timestamp: '2025-01-01T10:30:10.000Z' },
    ] as const;
    for (const s of steps) await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', ...s });

    const history = await app.services.connectors.history(station.id);
    expect(history).toHaveLength(2 + steps.length);
    const connector1 = history.filter((h) => h.connectorId === 1);
    expect(connector1.map((h) => h.status)).toEqual(['Available', 'Finishing', 'Charging', 'Preparing', 'Available']);
    expect(connector1.slice(0, 4).map((h) => h.chargerTimestamp?.toISOString()))
      .toEqual(steps.map((s) => s.timestamp).reverse());
    expect(history.every((h) => h.stationId === station.id && h.receivedAt instanceof Date)).toBe(true);

    const latest = (await app.services.connectors.list(station.id)).find((c) => c.connectorId === 1);
    expect(latest).toMatchObject({ status: 'Available', statusAt: at('2025-01-01T10:30:10.000Z') });
  });

  it('keeps a late report with an older timestamp in the history without replacing the newer status', async () => {
    const station = await aStation(app.services);
    const cp = await connectedCharger(app, station.chargeBoxId, { connectors: 2 });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2025-02-01T11:00:00.000Z' });
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: '2025-02-01T12:00:00.000Z' });
    // Arrives later, happened earlier (a charger replaying what it queued while offline).
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Preparing', timestamp: '2025-02-01T11:59:00.000Z' });

    const connector2 = (await app.services.connectors.list(station.id)).find((c) => c.connectorId === 2);
    expect(connector2).toMatchObject({ status: 'Charging', statusAt: at('2025-02-01T12:00:00.000Z') });
    const [late, earlier] = (await app.services.connectors.history(station.id)).filter((h) => h.connectorId === 2);
    expect(late).toMatchObject({ status: 'Preparing', chargerTimestamp: at('2025-02-01T11:59:00.000Z') });
    expect(earlier).toMatchObject({ status: 'Charging', chargerTimestamp: at('2025-02-01T12:00:00.000Z') });

    // A report newer than the one held does replace it; the other connector is untouched throughout.
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Finishing', timestamp: '2025-02-01T12:00:01.000Z' });
    const after = await app.services.connectors.list(station.id);
    expect(after.find((c) => c.connectorId === 2)).toMatchObject({ status: 'Finishing', statusAt: at('2025-02-01T12:00:01.000Z') });
    expect(after.find((c) => c.connectorId === 1)?.status).toBe('Available');
  });

  it('stores a Faulted report with its errorCode, info, vendorId and vendorErrorCode as given', async () => {
    const station = await aStation(app.services);
    const cp = await connectedCharger(app, station.chargeBoxId, { connectors: 2 });
    const report = {
      connectorId: 1, status: 'Faulted', errorCode: 'OverCurrentFailure', info: 'Relay K2 welded; phase L2 at 41 A',
      vendorId: 'com.acme', vendorErrorCode: 'E-0x2F1', timestamp: '2025-03-01T08:15:30.250Z',
    } as const;
    expect(await cp.call('StatusNotification', report)).toEqual({});

    const latest = (await app.services.connectors.list(station.id)).find((c) => c.connectorId === 1);
    expect(latest).toEqual({
      stationId: station.id, connectorId: 1, status: 'Faulted', errorCode: 'OverCurrentFailure',
      info: 'Relay K2 welded; phase L2 at 41 A', vendorId: 'com.acme', vendorErrorCode: 'E-0x2F1', statusAt: at(report.timestamp),
    });
    const [stored] = await app.services.connectors.history(station.id);
    expect(stored).toMatchObject({
      stationId: station.id, connectorId: 1, status: 'Faulted', errorCode: 'OverCurrentFailure',
      info: report.info, vendorId: 'com.acme', vendorErrorCode: 'E-0x2F1', chargerTimestamp: at(report.timestamp),
    });

    // Cleared: back to Available with NoError, and the fault's info does not linger on the connector.
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2025-03-01T08:20:00.000Z' });
    expect((await app.services.connectors.list(station.id)).find((c) => c.connectorId === 1))
      .toMatchObject({ status: 'Available', errorCode: 'NoError', info: null, vendorErrorCode: null });
  });

  it('takes a report stamped in the future as of its arrival, so a charger clock running ahead cannot freeze the status', async () => {
    const station = await aStation(app.services);
    const cp = await connectedCharger(app, station.chargeBoxId, { connectors: 1 });
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const before = Date.now();
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: ahead });

    const first = (await app.services.connectors.list(station.id))[0]!;
    expect(first.status).toBe('Charging');
    expect(first.statusAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(first.statusAt.getTime()).toBeLessThan(Date.parse(ahead));
    // The clock is corrected: a report stamped now still replaces it, and the history keeps the charger's stamp.
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Finishing', timestamp: new Date().toISOString() });
    expect((await app.services.connectors.list(station.id))[0]?.status).toBe('Finishing');
    const history = await app.services.connectors.history(station.id);
    expect(history[1]).toMatchObject({ status: 'Charging', chargerTimestamp: new Date(ahead) });
  });

  it('uses the time of arrival for a report without a charger timestamp', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { connectors: 1 });
    const before = Date.now();
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Unavailable' });
    const after = Date.now();

    const latest = (await app.services.connectors.list(station.id)).find((c) => c.connectorId === 1);
    expect(latest?.status).toBe('Unavailable');
    expect(latest!.statusAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(latest!.statusAt.getTime()).toBeLessThanOrEqual(after + 1);
    const [stored] = await app.services.connectors.history(station.id);
    expect(stored).toMatchObject({ status: 'Unavailable', chargerTimestamp: null });
  });
});
