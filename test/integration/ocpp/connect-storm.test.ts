// Connect storms (issue 14, part 3): a fleet that reconnects at once (after an outage, a network blip, our
// restart) is accepted whole, known chargers and unknown ones alike, each connection recorded and each boot
// stored. The statements per group are counted in test/integration/services/handshake-groups.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomChargeBoxId } from '../../helpers/seed.js';
import { basicAuth, closeChargers, RawSocket } from '../../helpers/charger.js';
import { waitFor } from '../../helpers/wait-for.js';

const KNOWN = 100;
const NEW = 100;

let app: TestApp; // OCPP_AUTO_REGISTER=true: an unknown charger is registered Accepted at its first contact
beforeAll(async () => { app = await startTestApp({ autoRegister: true }); });
afterEach(closeChargers);
afterAll(() => app.stop());

interface Charger { chargeBoxId: string; headers: Record<string, string> }

async function knownChargers(n: number): Promise<Charger[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const password = `storm-password-${i}-of-a-known-charger`;
    const station = await aStation(app.services, { password });
    return { chargeBoxId: station.chargeBoxId, headers: basicAuth(station.chargeBoxId, password) };
  }));
}

describe('a connect storm', () => {
  it(`accepts ${KNOWN} known and ${NEW} new chargers connecting at once, records each, and boots them all`, async () => {
    const fleet = [
      ...await knownChargers(KNOWN),
      ...Array.from({ length: NEW }, () => ({ chargeBoxId: randomChargeBoxId('STORM'), headers: {} })),
    ];

    const sockets = await Promise.all(fleet.map((c) => RawSocket.open(app, c.chargeBoxId, { headers: c.headers })));
    const boots = await Promise.all(sockets.map((s) => s.call('BootNotification', { chargePointVendor: 'Storm', chargePointModel: 'S1' })));

    expect(boots.map((f) => [f[0], (f[2] as { status?: string }).status])).toEqual(fleet.map(() => [3, 'Accepted']));
    const stations = await Promise.all(fleet.map((c) => app.services.stations.findByChargeBoxId(c.chargeBoxId)));
    expect(stations.every((s) => s !== null && s.boot?.vendor === 'Storm')).toBe(true);
    for (const s of stations) expect(app.ocpp.registry.isOnline(s!.id)).toBe(true);
    const records = await Promise.all(stations.map((s) => app.services.stations.listConnections(s!.id)));
    expect(records.map((r) => r.length)).toEqual(fleet.map(() => 1));
    expect(records.every((r) => r[0]!.disconnectedAt === null)).toBe(true);
  });

  it('records every disconnection of a fleet that drops at once', async () => {
    const fleet = await knownChargers(50);
    const sockets = await Promise.all(fleet.map((c) => RawSocket.open(app, c.chargeBoxId, { headers: c.headers })));
    const stations = await Promise.all(fleet.map((c) => app.services.stations.findByChargeBoxId(c.chargeBoxId)));
    await waitFor(async () => {
      const lists = await Promise.all(stations.map((s) => app.services.stations.listConnections(s!.id)));
      return lists.every((l) => l.length === 1) || undefined;
    });

    sockets.forEach((s) => s.ws.close(1000));
    const closed = await waitFor(async () => {
      const lists = await Promise.all(stations.map((s) => app.services.stations.listConnections(s!.id)));
      return lists.every((l) => l[0]?.disconnectedAt) ? lists : undefined;
    });
    expect(closed.map((l) => [l.length, l[0]!.closeCode])).toEqual(fleet.map(() => [1, 1000]));
    for (const s of stations) expect(app.ocpp.registry.isOnline(s!.id)).toBe(false);
  });
});
