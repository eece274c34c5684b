// A connect storm's database work in groups (issue 14, part 3; shared/batcher.ts BatchQueue): handshakes
// that arrive together are looked up, registered, recorded and booted a group per statement. The counts below
// are statements, not times: a group costs a handful whatever its size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomChargeBoxId } from '../../helpers/seed.js';
import type { Station } from '../../../src/domain/model.js';

const FLEET = 200;
let app: TestApp; // OCPP_AUTO_REGISTER=true
let capped: TestApp; // OCPP_AUTO_REGISTER=pending, at most 3 Pending
beforeAll(async () => {
  [app, capped] = await Promise.all([startTestApp({ autoRegister: true }), startTestApp({ autoRegister: 'pending', maxPendingStations: 3 })]);
});
afterAll(() => Promise.all([app.stop(), capped.stop()]));

/** Counts what reaches the database while `work` runs: each statement outside a transaction, and each transaction. */
async function statementsOf<T>(a: TestApp, work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const detach = a.database.observeTimings(() => { statements += 1; });
  try {
    return { result: await work(), statements };
  } finally {
    detach();
  }
}

const boot = { vendor: 'Storm', model: 'S1', chargePointSerialNumber: null, chargeBoxSerialNumber: null, firmwareVersion: '1.0',
  iccid: null, imsi: null, meterType: null, meterSerialNumber: null };

describe('a storm of handshakes served in groups', () => {
  let stations: Station[];

  it(`looks up ${FLEET / 2} known and registers ${FLEET / 2} new chargers arriving at once in a few statements`, async () => {
    const known = await Promise.all(Array.from({ length: FLEET / 2 }, () => aStation(app.services)));
    const ids = [...known.map((s) => s.chargeBoxId), ...Array.from({ length: FLEET / 2 }, () => randomChargeBoxId('STORM'))];
    const { result, statements } = await statementsOf(app, () => Promise.all(ids.map((id) => app.services.chargers.findForHandshake(id))));

    expect(result.map((r) => r.station?.chargeBoxId)).toEqual(ids);
    expect(result.slice(0, FLEET / 2).map((r) => r.station?.id)).toEqual(known.map((s) => s.id));
    expect(result.every((r) => r.station?.registrationStatus === 'Accepted')).toBe(true);
    // Look-ups: the first alone, the rest in groups; registration: one insert and one look-up per group.
    expect(statements).toBeLessThanOrEqual(8);
    stations = result.map((r) => r.station!);
  });

  it('records their connections in a few statements, each id on its own station', async () => {
    const { result: ids, statements } = await statementsOf(app, () =>
      Promise.all(stations.map((s) => app.services.chargers.recordConnected(s, '127.0.0.1'))));

    expect(new Set(ids).size).toBe(FLEET);
    // A few groups, and the side work station.online starts (slot announcements, reservation retries), grouped
    // too; one by one it was three statements per connection.
    expect(statements).toBeLessThanOrEqual(8);
    for (const [i, s] of stations.entries()) {
      expect((await app.services.stations.listConnections(s.id)).map((c) => c.id)).toEqual([ids[i]]);
    }
  });

  it('stores their boots in a few statements, each answered with its own status', async () => {
    const { result, statements } = await statementsOf(app, () =>
      Promise.all(stations.map((s) => app.services.chargers.recordBoot(s.id, { ...boot, chargeBoxSerialNumber: s.chargeBoxId }))));

    expect(result.map((r) => r.status)).toEqual(stations.map(() => 'Accepted'));
    expect(statements).toBeLessThanOrEqual(8); // a few groups and what station.booted starts; one by one, 200

    const stored = await Promise.all(stations.map((s) => app.services.stations.findByChargeBoxId(s.chargeBoxId)));
    expect(stored.map((s) => s?.boot?.chargeBoxSerialNumber)).toEqual(stations.map((s) => s.chargeBoxId));
  });

  it('fails only the boot of a station that does not exist, with NotFound', async () => {
    const [good, missing] = await Promise.allSettled([
      app.services.chargers.recordBoot(stations[0]!.id, boot), app.services.chargers.recordBoot(2_000_000_000, boot),
    ]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { status: 'Accepted' } });
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'NotFound' } });
  });

  it('holds the Pending cap exactly for unknown chargers arriving in one group', async () => {
    const ids = Array.from({ length: 10 }, () => randomChargeBoxId('CAP'));
    const result = await Promise.all(ids.map((id) => capped.services.chargers.findForHandshake(id)));

    const registered = result.filter((r) => r.station !== null);
    expect(registered).toHaveLength(3);
    expect(registered.every((r) => r.station?.registrationStatus === 'Pending')).toBe(true);
    expect(result.filter((r) => r.station === null).map((r) => !r.station && r.refusal)).toEqual(Array(7).fill('pending-full'));
    // The same charger again is found, not registered twice.
    expect((await capped.services.chargers.findForHandshake(registered[0]!.station!.chargeBoxId)).station?.id).toBe(registered[0]!.station!.id);
  });
});
