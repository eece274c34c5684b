import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

describe('smoke', () => {
  it('a simulated charger boots and runs a session whose energy rises', async () => {
    const station = await aStation(app.services);
    const tag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId);
    const { transactionId, idTagInfo } = await cp.startSession(1, tag);
    expect(idTagInfo.status).toBe('Accepted');
    const s = await waitFor(async () => {
      const cur = await app.services.sessions.get(transactionId);
      return (cur.energyWh ?? 0) > 0 ? cur : undefined;
    });
    expect(s.connectorId).toBe(1);
    await cp.stopSession(1);
    const done = await waitFor(async () => {
      const cur = await app.services.sessions.get(transactionId);
      return cur.stoppedAt ? cur : undefined;
    });
    expect(done.energyWh).toBeGreaterThan(0);
  });
});
