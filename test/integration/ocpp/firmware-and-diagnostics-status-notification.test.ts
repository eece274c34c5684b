// FirmwareStatusNotification and DiagnosticsStatusNotification (../shared/OCPP.md): they keep the station's
// latest firmware and diagnostics status.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId);
  return { station, cp };
}

describe('FirmwareStatusNotification and DiagnosticsStatusNotification', () => {
  it("keeps the station's latest firmware status, leaving diagnostics alone", async () => {
    const { station, cp } = await aCharger();
    expect(await app.services.stations.statuses(station.id)).toEqual({ firmware: null, diagnostics: null });

    expect(await cp.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await app.services.stations.statuses(station.id)).toEqual({ firmware: 'Downloading', diagnostics: null });
    for (const status of ['Downloaded', 'Installing', 'InstallationFailed'] as const) {
      await cp.call('FirmwareStatusNotification', { status });
    }
    expect(await app.services.stations.statuses(station.id)).toEqual({ firmware: 'InstallationFailed', diagnostics: null });
  });

  it("keeps the station's latest diagnostics status, leaving firmware alone", async () => {
    const { station, cp } = await aCharger();
    await cp.call('FirmwareStatusNotification', { status: 'Installed' });

    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    expect(await app.services.stations.statuses(station.id)).toEqual({ firmware: 'Installed', diagnostics: 'Uploading' });
    await cp.call('DiagnosticsStatusNotification', { status: 'UploadFailed' });
    expect(await app.services.stations.statuses(station.id)).toEqual({ firmware: 'Installed', diagnostics: 'UploadFailed' });
  });

  it("changes only the reporting station's statuses", async () => {
    const one = await aCharger();
    const other = await aCharger();
    await one.cp.call('FirmwareStatusNotification', { status: 'Downloading' });
    await one.cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
    expect(await app.services.stations.statuses(one.station.id)).toEqual({ firmware: 'Downloading', diagnostics: 'Uploaded' });
    expect(await app.services.stations.statuses(other.station.id)).toEqual({ firmware: null, diagnostics: null });
  });
});
