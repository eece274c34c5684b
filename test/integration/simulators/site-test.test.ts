// The CLI's --site-test watch (simulators/site-test.ts): each charger's limit printed as it changes, with the sum
// the charging sessions may draw (a TxProfile, else the charger's fail-safe default), OVER above the site's limit,
// a refusal said so, and a session's end taking its limit out of the sum.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import { SiteLimitWatch } from '../../../simulators/site-test.js';
import type { ChargePointOptions } from '../../../simulators/charge-point.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

async function aWatchedCharger(watch: SiteLimitWatch, o: Partial<ChargePointOptions> = {}) {
  const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  const cp = await bootedCharger(app, station.body.chargeBoxId, o);
  watch.watch(cp, 2);
  const { transactionId } = await cp.startSession(1, await anIdTag(app.services));
  const limit = (limitA: number, purpose: 'TxProfile' | 'TxDefaultProfile' = 'TxProfile') => app.services.chargingProfiles.setCurrentLimit({
    stationId: station.body.id, connectorId: purpose === 'TxProfile' ? 1 : 0, purpose, transactionId: purpose === 'TxProfile' ? transactionId : null, limitA,
  }, 'load-balancer');
  return { cp, limit };
}

describe('--site-test', () => {
  it('prints each limit as it changes with the sum the sessions may draw, OVER above the site', async () => {
    const lines: string[] = [];
    const watch = new SiteLimitWatch({ siteLimitA: 20, print: (line) => lines.push(line) });
    const a = await aWatchedCharger(watch);
    const b = await aWatchedCharger(watch);
    const c = await aWatchedCharger(watch, { acceptsChargingProfiles: false });

    await a.limit(6, 'TxDefaultProfile');
    expect(lines.at(-1)).toBe(`${a.cp.identity} limit TxDefaultProfile #0 6 A; sessions may draw 6.0 A of the site's 20 A (+2 session(s) with no limit told)`);
    await b.limit(12);
    expect(lines.at(-1)).toBe(`${b.cp.identity} limit TxProfile #1 12 A; sessions may draw 18.0 A of the site's 20 A (+1 session(s) with no limit told)`);
    await a.limit(9.5);
    expect(lines.at(-1)).toBe(`${a.cp.identity} limit TxProfile #1 9.5 A; sessions may draw 21.5 A of the site's 20 A OVER (+1 session(s) with no limit told)`);
    await c.limit(5);
    expect(lines.at(-1)).toBe(`${c.cp.identity} Rejected TxProfile #1 5 A: it goes on at its own rating`);

    await b.cp.stopSession(1);
    await waitFor(() => lines.at(-1)?.startsWith(`${b.cp.identity} #1 session ended`));
    expect(lines.at(-1)).toBe(`${b.cp.identity} #1 session ended; sessions may draw 9.5 A of the site's 20 A (+1 session(s) with no limit told)`);
  });
});
