// Heartbeat (../shared/OCPP.md, "Charger → central system"): answered with the time, and the charger's last-seen
// moves (BootNotification: boot-notification.test.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

const HEARTBEAT_INTERVAL_S = 123; // not the default (300), so the answer must come from the configuration

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ heartbeatIntervalS: HEARTBEAT_INTERVAL_S }); });
afterEach(closeChargers);
afterAll(() => app.stop());

describe('Heartbeat', () => {
  it('answers the current time and records it as the last time the charger was seen', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId);
    const booted = await app.services.stations.get(station.id);
    // A pause so the heartbeat's time cannot equal the boot's; the check below would otherwise pass without an update.
    await new Promise((resolve) => setTimeout(resolve, 20));

    const before = Date.now();
    const { currentTime } = await cp.call('Heartbeat', {});
    const after = Date.now();

    const at = new Date(currentTime).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(after + 1);
    const seen = await app.services.stations.get(station.id);
    expect(seen.lastSeenAt?.toISOString()).toBe(currentTime);
    expect(seen.lastSeenAt!.getTime()).toBeGreaterThan(booted.lastSeenAt!.getTime());
    expect(seen.lastBootAt).toEqual(booted.lastBootAt); // a heartbeat is not a boot
  });
});
