// BootNotification (../shared/OCPP.md, "Charger → central system"; Heartbeat: heartbeat.test.ts): the registration status
// comes from the station's record, the boot details are kept, and a charger not Accepted may send nothing
// but BootNotification.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';
import type { RegistrationStatus } from '../../../src/domain/model.js';

const HEARTBEAT_INTERVAL_S = 123; // not the default (300), so the answer must come from the configuration

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ heartbeatIntervalS: HEARTBEAT_INTERVAL_S }); });
afterEach(closeChargers);
afterAll(() => app.stop());

/** The OCPP error code of a CALL answered with a CALLERROR; fails the test if it was answered normally. */
async function callErrorCode(call: Promise<unknown>): Promise<string> {
  const answer = await call.then((conf) => ({ conf }), (err: unknown) => ({ err }));
  if ('conf' in answer) throw new Error(`expected a CALLERROR, got ${JSON.stringify(answer.conf)}`);
  return (answer.err as { rpcErrorCode?: string }).rpcErrorCode ?? String(answer.err);
}

describe('BootNotification', () => {
  it('accepts a registered charger with the configured interval and the current time', async () => {
    const station = await aStation(app.services);
    const cp = await connectedCharger(app, station.chargeBoxId);
    const before = Date.now();
    const conf = await cp.boot();
    const after = Date.now();

    expect(conf.status).toBe('Accepted');
    expect(conf.interval).toBe(HEARTBEAT_INTERVAL_S);
    const currentTime = new Date(conf.currentTime).getTime();
    expect(currentTime).toBeGreaterThanOrEqual(before - 1);
    expect(currentTime).toBeLessThanOrEqual(after + 1);

    const stored = await app.services.stations.get(station.id);
    expect(stored.lastBootAt?.toISOString()).toBe(conf.currentTime);
    expect(stored.registrationStatus).toBe('Accepted');
  });

  it('stores the vendor, model, serial numbers and firmware the charger reports', async () => {
    const station = await aStation(app.services);
    expect((await app.services.stations.get(station.id)).boot).toBeNull();
    const cp = await connectedCharger(app, station.chargeBoxId, {
      vendor: 'Acme Power', model: 'WallBox X2', serialNumber: `SN-${station.id}-42`, firmwareVersion: '4.2.1-rc3',
    });
    await cp.boot();

    expect((await app.services.stations.get(station.id)).boot).toEqual({
      vendor: 'Acme Power', model: 'WallBox X2',
      chargePointSerialNumber: `SN-${station.id}-42`, chargeBoxSerialNumber: `SN-${station.id}-42`,
      firmwareVersion: '4.2.1-rc3', iccid: null, imsi: null, meterType: null, meterSerialNumber: null,
    });
  });

  it('replaces the boot details at the next boot (a firmware update)', async () => {
    const station = await aStation(app.services);
    const first = await bootedCharger(app, station.chargeBoxId, { firmwareVersion: '1.0.0' });
    await first.close();
    await bootedCharger(app, station.chargeBoxId, { firmwareVersion: '2.0.0' });
    expect((await app.services.stations.get(station.id)).boot?.firmwareVersion).toBe('2.0.0');
  });

  it.each<RegistrationStatus>(['Pending', 'Rejected'])('answers a station registered %s with that status', async (status) => {
    const station = await aStation(app.services, { registrationStatus: status });
    const cp = await connectedCharger(app, station.chargeBoxId, { vendor: 'Acme Power', model: `Model-${status}` });
    const conf = await cp.boot();

    expect(conf.status).toBe(status);
    expect(conf.interval).toBeGreaterThan(0); // the charger waits this long before it boots again
    const stored = await app.services.stations.get(station.id);
    expect(stored.registrationStatus).toBe(status);
    expect(stored.boot).toMatchObject({ vendor: 'Acme Power', model: `Model-${status}` });
  });

  it.each<RegistrationStatus>(['Pending', 'Rejected'])(
    'answers anything but BootNotification from a %s station with SecurityError and stores nothing', async (status) => {
      const station = await aStation(app.services, { registrationStatus: status });
      const tag = await anIdTag(app.services);
      const cp = await connectedCharger(app, station.chargeBoxId);
      expect((await cp.boot()).status).toBe(status);
      const bootedAt = (await app.services.stations.get(station.id)).lastSeenAt;

      const start = { connectorId: 1, idTag: tag, meterStart: 100, timestamp: new Date().toISOString() };
      expect(await callErrorCode(cp.call('StartTransaction', start))).toBe('SecurityError');
      expect(await callErrorCode(cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })))
        .toBe('SecurityError');
      expect(await callErrorCode(cp.call('Heartbeat', {}))).toBe('SecurityError');
      expect(await callErrorCode(cp.call('Authorize', { idTag: tag }))).toBe('SecurityError');

      expect(await app.services.sessions.list({ stationId: station.id })).toEqual([]);
      expect(await app.services.connectors.list(station.id)).toEqual([]);
      expect(await app.services.connectors.history(station.id)).toEqual([]);
      expect((await app.services.stations.get(station.id)).lastSeenAt).toEqual(bootedAt);
      // BootNotification itself is still answered, on the same connection.
      expect((await cp.boot()).status).toBe(status);
    });

  it('lets an Accepted charger that booted send other messages', async () => {
    // The control for the SecurityError cases above: the same StartTransaction opens a session.
    const station = await aStation(app.services);
    const tag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId);
    const conf = await cp.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 100, timestamp: new Date().toISOString() });
    expect(conf.idTagInfo.status).toBe('Accepted');
    expect(await app.services.sessions.list({ stationId: station.id })).toMatchObject([{ id: conf.transactionId }]);
  });
});
