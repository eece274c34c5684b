// The simulator CLI's summary figures over a real connection: what the tally counts is what the chargers did.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { closeChargers, connectedCharger } from '../../helpers/charger.js';
import { waitFor } from '../../helpers/wait-for.js';
import { RunTally } from '../../../simulators/run-summary.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

describe('RunTally', () => {
  it('counts chargers connected, sessions running, energy delivered and messages answered', async () => {
    const [first, second] = [await aStation(app.services), await aStation(app.services)];
    const tally = new RunTally();
    const cps = [await connectedCharger(app, first.chargeBoxId, { powerW: 360_000 }), await connectedCharger(app, second.chargeBoxId)];
    for (const cp of cps) tally.watch(cp, 2);
    await cps[0]!.boot();
    expect(tally.figures()).toMatchObject({ chargersOnline: 2, chargersTotal: 2, sessionsRunning: 0, energyWh: 0, errors: 0 });
    expect(tally.figures().messagesSent).toBeGreaterThanOrEqual(1); // the BootNotification

    await cps[0]!.startSession(1, await anIdTag(app.services));
    await waitFor(() => (cps[0]!.session(1)?.energyWh ?? 0) > 100);
    const running = tally.figures();
    expect(running).toMatchObject({ sessionsRunning: 1 });
    expect(running.energyWh).toBeGreaterThan(100);

    const stopped = new Promise<{ energyWh: number }>((resolve) => cps[0]!.once('sessionStopped', resolve));
    await cps[0]!.stopSession(1);
    const { energyWh } = await stopped;
    const after = tally.figures();
    expect(after).toMatchObject({ sessionsRunning: 0, energyWh });
    expect(energyWh).toBeGreaterThanOrEqual(running.energyWh); // a finished session still counts, in full
    expect(after.messagesSent).toBeGreaterThan(running.messagesSent); // StopTransaction, statuses

    await cps[0]!.close();
    expect(tally.figures()).toMatchObject({ chargersOnline: 1, chargersTotal: 2 });
  });
});
