// The site's fail-safe (issue 17 item 3): after each BootNotification we Accept from a station of a site, a
// TxDefaultProfile on connector 0 at the site's failsafeCurrentA goes out once the boot's answer has (STYLE.md
// habit 4), recorded in the command log as system:failsafe and in the ledger; none for a station outside a site;
// a charger that refuses it is logged and shows so in the command log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { stations } from '../../../src/store/schema/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket, bootedCharger, closeChargers, type Frame } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ChargePointOptions } from '../../../simulators/charge-point.js';
import { LOAD_STACK_LEVEL, loadProfileId } from '../../../src/domain/charging-profiles.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

async function aStation(site: { phases: 1 | 3; failsafeCurrentA: number } | null) {
  const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  expect(station.status).toBe(201);
  if (site) {
    const created = await api(app).post('/sites', { name: 'Garage', maxCurrentA: 32, minCurrentA: 6, ...site });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // In the row rather than by PATCH: joining a site sends the fail-safe at once (the load balancer's sendFailsafe),
    // which would race the one after boot that this file is about. So would the site's creation, which sends it to
    // the site's stations: its side work ends first (it found none).
    await new Promise((resolve) => setImmediate(resolve));
    await app.jobs.settled();
    await app.database.db.update(stations).set({ siteId: created.body.id, maxCurrentDeciamps: 160 }).where(eq(stations.id, station.body.id));
  }
  return { stationId: station.body.id as number, chargeBoxId: station.body.chargeBoxId as string };
}

const aCharger = async (site: { phases: 1 | 3; failsafeCurrentA: number } | null, o: Partial<ChargePointOptions> = {}) => {
  const station = await aStation(site);
  return { ...station, cp: await bootedCharger(app, station.chargeBoxId, o) };
};
const profileCommands = async (stationId: number) => ((await api(app).get(`/stations/${stationId}/commands`)).body as
  Array<{ action: string; requestedBy: string; outcome: string; response: { status?: string } | null }>)
  .filter((c) => c.action === 'SetChargingProfile');
const failsafeOf = (limit: number, numberPhases: number) => ({
  chargingProfileId: loadProfileId('TxDefaultProfile', 0), stackLevel: LOAD_STACK_LEVEL, chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit, numberPhases }] },
});

describe('the fail-safe TxDefaultProfile', () => {
  it('is set on connector 0 at the site\'s failsafeCurrentA and phases after boot, recorded as system:failsafe', async () => {
    const { stationId, cp } = await aCharger({ phases: 1, failsafeCurrentA: 8 });
    const [received] = await waitFor(() => cp.receivedProfiles().length > 0 && cp.receivedProfiles());
    expect(received).toMatchObject({ connectorId: 0, profile: failsafeOf(8, 1), status: 'Accepted' });
    const [row] = await waitFor(async () => {
      const rows = await app.services.chargingProfiles.list(stationId);
      return rows.length > 0 && rows;
    });
    expect(row).toMatchObject({ connectorId: 0, purpose: 'TxDefaultProfile', source: 'failsafe', profile: failsafeOf(8, 1) });
    expect(await profileCommands(stationId)).toMatchObject([{ requestedBy: 'system:failsafe', outcome: 'answered', response: { status: 'Accepted' } }]);
  });

  it('goes out after the BootNotification\'s answer, and again at each boot, replacing the last', async () => {
    const { stationId, chargeBoxId } = await aStation({ phases: 3, failsafeCurrentA: 10 });
    const raw = await RawSocket.open(app, chargeBoxId);
    const boot = { chargePointVendor: 'Raw', chargePointModel: 'Socket' };
    for (const round of [1, 2]) {
      const bootAt = Date.now();
      const answer = await raw.call('BootNotification', boot);
      expect(answer).toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
      const call = await raw.next() as Frame & [2, string, string, { connectorId: number; csChargingProfiles: object }];
      expect(call.slice(2)).toEqual(['SetChargingProfile', { connectorId: 0, csChargingProfiles: failsafeOf(10, 3) }]);
      raw.send(JSON.stringify([3, call[1], { status: 'Accepted' }]));
      await waitFor(async () => (await profileCommands(stationId)).filter((c) => c.outcome === 'answered').length === round);
      await waitFor(async () => (await app.services.chargingProfiles.list(stationId)).some((p) => p.acceptedAt.getTime() >= bootAt));
    }
    expect(await app.services.chargingProfiles.list(stationId)).toMatchObject([{ connectorId: 0, source: 'failsafe' }]);
  });

  it('is not sent to a station outside a site', async () => {
    const { stationId, cp } = await aCharger(null);
    await waitFor(() => app.logs.some((l) => l.stationId === stationId && String(l.msg).includes('no site: no fail-safe')));
    expect(cp.receivedProfiles()).toEqual([]);
    expect(await profileCommands(stationId)).toEqual([]);
    expect(await app.services.chargingProfiles.list(stationId)).toEqual([]);
  });

  it('a charger that refuses it: logged, Rejected in the command log, nothing recorded', async () => {
    const { stationId, cp } = await aCharger({ phases: 3, failsafeCurrentA: 6 }, { acceptsChargingProfiles: false });
    await waitFor(() => app.logs.some((l) => l.stationId === stationId && l.outcome === 'Rejected' && String(l.msg).includes('fail-safe TxDefaultProfile not installed')));
    expect(cp.receivedProfiles()).toMatchObject([{ connectorId: 0, status: 'Rejected' }]);
    expect(await profileCommands(stationId)).toMatchObject([{ requestedBy: 'system:failsafe', outcome: 'answered', response: { status: 'Rejected' } }]);
    expect(await app.services.chargingProfiles.list(stationId)).toEqual([]);
  });

  it('sendFailsafe sends the site\'s current fail-safe on demand (a station that joined, a changed site); null outside a site', async () => {
    const { stationId, cp } = await aCharger(null);
    expect(await app.services.chargingProfiles.sendFailsafe(stationId)).toBeNull();
    const site = await api(app).post('/sites', { name: 'Later', maxCurrentA: 40, phases: 3, failsafeCurrentA: 12 });
    await api(app).patch(`/stations/${stationId}`, { siteId: site.body.id, maxCurrentA: 32 });
    expect(await app.services.chargingProfiles.sendFailsafe(stationId)).toBe('Accepted');
    expect(cp.receivedProfiles().at(-1)).toMatchObject({ connectorId: 0, profile: failsafeOf(12, 3) });
  });

  it('clearFailsafe takes it off a charger that left its site: the charger is unlimited again, the ledger empty', async () => {
    const { stationId } = await aCharger({ phases: 3, failsafeCurrentA: 6 });
    await waitFor(async () => (await app.services.chargingProfiles.list(stationId)).length === 1);
    const composite = async () => ((await api(app).post(`/stations/${stationId}/commands/GetCompositeSchedule`,
      { connectorId: 1, duration: 60, chargingRateUnit: 'A' })).body as { response: { chargingSchedule: { chargingSchedulePeriod: Array<{ limit: number }> } } })
      .response.chargingSchedule.chargingSchedulePeriod[0]!.limit;
    expect(await composite()).toBe(6);

    expect(await app.services.chargingProfiles.clearFailsafe(stationId)).toBe('Accepted');
    expect(await app.services.chargingProfiles.list(stationId)).toEqual([]);
    expect(await composite()).toBe(15.9); // the simulator's 11 kW on 3 phases at 230 V
    expect(await app.services.chargingProfiles.clearFailsafe(stationId)).toBe('Unknown');
    const clears = ((await api(app).get(`/stations/${stationId}/commands`)).body as Array<{ action: string; requestedBy: string; payload: unknown }>)
      .filter((c) => c.action === 'ClearChargingProfile');
    expect(clears).toMatchObject([
      { requestedBy: 'system:failsafe', payload: { id: loadProfileId('TxDefaultProfile', 0) } },
      { requestedBy: 'system:failsafe', payload: { id: loadProfileId('TxDefaultProfile', 0) } },
    ]);
  });
});
