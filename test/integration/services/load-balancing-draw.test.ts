// Measured draw in load balancing (issue 17 item 3, the LOAD_BALANCE_INTERVAL_S runs): a car that draws well below
// its limit (a nearly full battery tapers) for 120 s has its limit reduced to its draw + 2 A at the next interval
// run, and the current it leaves goes to the others, lowered first, raised after. The central system's clock is
// moved on by hand; the chargers' meter readings are real.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import { ToldLimits } from '../../helpers/told-limits.js';
import type { Clock } from '../../../src/shared/clock.js';
import { LOW_DRAW_AFTER_S } from '../../../src/domain/measured-draw.js';

const clock: Clock & { aheadMs: number } = { aheadMs: 0, now: (): Date => new Date(Date.now() + clock.aheadMs) };
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock }); });
afterEach(() => closeChargers());
afterAll(() => app.stop());

async function aCharger(siteId: number, told: ToldLimits, startSocPercent: number) {
  const created = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  await api(app).patch(`/stations/${created.body.id}`, { siteId, maxCurrentA: 32 });
  const cp = await bootedCharger(app, created.body.chargeBoxId, { connectors: 1, powerW: 32 * 690, meterIntervalMs: 100, batteryWh: 100_000, startSocPercent });
  told.follow(cp, 32);
  return Object.assign(cp, { stationId: created.body.id as number });
}

const readingAt = async (sessionId: number) => {
  const at = (await api(app).get(`/sessions/${sessionId}`)).body.latestMeterAt as string | null;
  return at === null ? 0 : Date.parse(at);
};

describe('measured draw', () => {
  it('reduces a car that tapers to its draw + 2 A after 120 s well below, and gives the rest to the other', async () => {
    const site = (await api(app).post('/sites', { name: 'Tapering', maxCurrentA: 32, phases: 3, failsafeCurrentA: 0 })).body as { id: number };
    const told = new ToldLimits(32);
    // At 95 % a car takes a quarter of its limit (simulators/session-physics.ts): 4 A of 16.
    const [full, empty] = [await aCharger(site.id, told, 95), await aCharger(site.id, told, 20)];
    told.started(full);
    const tapering = await full.startSession(1, await anIdTag(app.services));
    told.started(empty);
    await empty.startSession(1, await anIdTag(app.services));
    await waitFor(() => told.now()[full.identity] === 16 && told.now()[empty.identity] === 16, 2_000);
    // And their acceptances recorded, which the balancer reads (the chargers had the limits first): one recorded
    // only after the next run would count as a change of limit at the run with the clock moved on, and the low
    // draw measured before it would not count.
    await waitFor(async () => {
      const accepted = await app.services.chargingProfiles.acceptedTxLimits([full.stationId, empty.stationId]);
      return accepted.get(tapering.transactionId) === 16 && [...accepted.values()].filter((a) => a === 16).length === 2;
    });

    // The balancer sees the limit the car follows, then a reading taken under it, well below: the low draw counts from it.
    const sinceMs = Date.now();
    await app.services.loadBalancer.balanceAll('interval');
    await waitFor(async () => await readingAt(tapering.transactionId) > sinceMs);
    await app.services.loadBalancer.balanceAll('interval');
    expect(told.now()[full.identity]).toBe(16); // not long enough yet

    clock.aheadMs = (LOW_DRAW_AFTER_S + 1) * 1000;
    await app.services.loadBalancer.balanceAll('interval');
    expect(told.now()).toEqual({ [full.identity]: 6, [empty.identity]: 26 });
    expect(told.breaches).toEqual([]);
    const detail = (await api(app).get(`/sites/${site.id}`)).body;
    const reduced = detail.load.sessions.find((s: { sessionId: number }) => s.sessionId === tapering.transactionId);
    expect(reduced).toMatchObject({ limitA: 6, reason: 'measured-draw' });
    expect(reduced.measuredA).toBeLessThanOrEqual(4); // a quarter of 16 A, or already of 6 A
    expect(detail.load.decisions[0]).toMatchObject({ trigger: 'interval', allocatedA: 32 });
  });
});
