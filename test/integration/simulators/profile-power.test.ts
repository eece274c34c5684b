// The simulated charger's power follows the limits it accepts (issue 17 item 5): the Power.Active.Import it
// reports to the central system is the limit in A times its voltage and phases, 0 A suspends it (SuspendedEVSE),
// and a raised limit raises it again; the central system's session shows the same power.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

describe('a simulated charger under a current limit', () => {
  it.each([
    [1 as const, 230, [[10, 2_300], [0, 0], [16, 3_680]]],
    [3 as const, 240, [[10, 7_200], [6.5, 4_680]]],
  ])('on %i phase(s) at %i V reports the power of each limit it is told', async (phases, voltageV, steps) => {
    const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    const stationId = station.body.id as number;
    // A big, empty battery: no taper, so the car takes all it is allowed.
    const cp = await bootedCharger(app, station.body.chargeBoxId, { phases, voltageV, powerW: 22_000, batteryWh: 500_000, startSocPercent: 10 });
    const powers: number[] = [];
    cp.on('meterValues', (m: { powerW: number }) => powers.push(m.powerW));
    const { transactionId } = await cp.startSession(1, await anIdTag(app.services));
    await waitFor(() => powers.at(-1) === 22_000); // no profile yet: the charger's rating

    for (const [limitA, watts] of steps as Array<[number, number]>) {
      const outcome = await app.services.chargingProfiles.setCurrentLimit(
        { stationId, connectorId: 1, purpose: 'TxProfile', transactionId, limitA }, 'load-balancer');
      expect(outcome).toBe('Accepted');
      await waitFor(() => powers.at(-1) === watts);
      await waitFor(async () => (await api(app).get(`/sessions/${transactionId}`)).body.latestPowerW === watts);
      await waitFor(() => cp.connectorStatus(1) === (watts === 0 ? 'SuspendedEVSE' : 'Charging'));
    }
  });

  it('counts the energy before a limit at the power then in force, not at the new limit', async () => {
    const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    // No samples in between (a minute apart): only the change itself can bring the meter up to date.
    const powerW = 10_000_000;
    const cp = await bootedCharger(app, station.body.chargeBoxId, { powerW, batteryWh: 1e12, startSocPercent: 10, meterIntervalMs: 60_000 });
    const startedMs = Date.now();
    const { transactionId } = await cp.startSession(1, await anIdTag(app.services));
    await app.services.chargingProfiles.setCurrentLimit(
      { stationId: station.body.id, connectorId: 1, purpose: 'TxProfile', transactionId, limitA: 0 }, 'load-balancer');
    const limitedMs = cp.receivedProfiles().at(-1)!.atMs;
    const stopped = new Promise<{ energyWh: number }>((resolve) => cp.once('sessionStopped', resolve));
    await cp.stopSession(1);
    const { energyWh } = await stopped;
    // At 10 MW until the limit (the StartTransaction's round trip at least: 2.8 Wh a millisecond), at 0 W after it.
    expect(energyWh).toBeGreaterThan(0);
    expect(energyWh).toBeLessThanOrEqual((powerW * (limitedMs - startedMs)) / 3_600_000);
  });
});
