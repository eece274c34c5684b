// Unknown chargers with OCPP_AUTO_REGISTER=pending (issue 12): registered Pending on first contact, told
// Pending at boot and held to BootNotification until staff accept (it then boots again at once and charges) or
// reject it; at most OCPP_MAX_PENDING_STATIONS of them, past which the handshake is refused and counted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BootNotificationConf } from '../../../src/ocpp/wire/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { closeChargers, connectedCharger, RawSocket } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { HandshakeRefusedError, type ChargePoint } from '../../../simulators/charge-point.js';

const CAP = 2;
let app: TestApp; // pending registration; heartbeat 1 s, so a Pending charger boots again every second
let capped: TestApp; // pending registration with a cap of 2, and 3 refused handshakes a minute per address
beforeAll(async () => {
  [app, capped] = await Promise.all([
    startTestApp({ autoRegister: 'pending', heartbeatIntervalS: 1 }),
    startTestApp({ autoRegister: 'pending', maxPendingStations: CAP, authFailures: { limit: 3, windowMs: 60_000, blockMs: 300_000 } }),
  ]);
});
afterEach(closeChargers);
afterAll(() => Promise.all([app.stop(), capped.stop()]));

const stationOf = async (a: TestApp, chargeBoxId: string) => {
  const all = (await api(a).get('/stations')).body as Array<{ id: number; chargeBoxId: string; registrationStatus: string }>;
  return all.find((s) => s.chargeBoxId === chargeBoxId);
};

/** Records every BootNotification answer the charger gets. */
function boots(cp: ChargePoint): BootNotificationConf[] {
  const seen: BootNotificationConf[] = [];
  cp.on('boot', (conf: BootNotificationConf) => seen.push(conf));
  return seen;
}

async function callErrorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return (err as { rpcErrorCode?: string }).rpcErrorCode ?? String(err);
  }
}

describe('an unknown charger with OCPP_AUTO_REGISTER=pending', () => {
  it('is registered Pending, answered Pending with a retry interval, and may send nothing but BootNotification', async () => {
    const chargeBoxId = randomChargeBoxId('NEW');
    const tag = await anIdTag(app.services);
    const cp = await connectedCharger(app, chargeBoxId, { vendor: 'Acme', model: 'Newcomer' });
    const conf = await cp.boot();

    expect(conf).toMatchObject({ status: 'Pending', interval: 1 });
    const listed = await api(app).get('/stations');
    expect(listed.body).toContainEqual(expect.objectContaining({
      chargeBoxId, registrationStatus: 'Pending', active: true, online: true, hasPassword: false,
      boot: expect.objectContaining({ vendor: 'Acme', model: 'Newcomer' }), registeredAt: expect.any(String),
    }));
    const start = { connectorId: 1, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() };
    expect(await callErrorCode(cp.call('StartTransaction', start))).toBe('SecurityError');
    const station = (await stationOf(app, chargeBoxId))!;
    expect(await app.services.sessions.list({ stationId: station.id })).toEqual([]);
    expect(app.logs).toContainEqual(expect.objectContaining({ chargeBoxId, msg: expect.stringContaining('registered Pending') }));
  });

  it('keeps booting at the interval while Pending, sending nothing else; accepted, it boots at once and goes on', async () => {
    const chargeBoxId = randomChargeBoxId('NEW');
    const acknowledged: string[] = [];
    const cp = await connectedCharger(app, chargeBoxId);
    cp.on('acknowledged', (a: { action: string }) => acknowledged.push(a.action));
    const commands: unknown[] = [];
    cp.on('command', (c: { action: string; params: unknown }) => commands.push({ action: c.action, params: c.params }));
    const seen = boots(cp);
    await cp.boot();
    await waitFor(() => seen.length >= 3, 10_000); // the first boot and two retries, one interval apart
    expect(seen.every((c) => c.status === 'Pending')).toBe(true);
    expect(new Set(acknowledged)).toEqual(new Set(['BootNotification']));

    const station = (await stationOf(app, chargeBoxId))!;
    const patched = await api(app).patch(`/stations/${station.id}`, { registrationStatus: 'Accepted' });
    expect(patched).toMatchObject({ status: 200, body: { registrationStatus: 'Accepted' } });
    // No waiting out the interval: the central system asks it to boot now (TriggerMessage), and it goes on.
    await waitFor(() => seen.at(-1)?.status === 'Accepted');
    expect(commands).toEqual([{ action: 'TriggerMessage', params: { requestedMessage: 'BootNotification' } }]);
    await waitFor(async () => (await app.services.connectors.list(station.id)).length > 0);
    const tag = await anIdTag(app.services);
    const started = await cp.startSession(1, tag);
    expect(await app.services.sessions.list({ stationId: station.id })).toMatchObject([{ id: started.transactionId }]);
  });

  it('rejected, it is answered Rejected at its next boot and still may not start a session', async () => {
    const chargeBoxId = randomChargeBoxId('NEW');
    const cp = await connectedCharger(app, chargeBoxId);
    expect((await cp.boot()).status).toBe('Pending');
    const station = (await stationOf(app, chargeBoxId))!;

    expect(await api(app).patch(`/stations/${station.id}`, { registrationStatus: 'Rejected' }))
      .toMatchObject({ status: 200, body: { registrationStatus: 'Rejected' } });
    expect((await cp.boot()).status).toBe('Rejected');
    expect(await callErrorCode(cp.call('Heartbeat', {}))).toBe('SecurityError');
  });

  it('a bad registrationStatus is a 400 naming the field and leaves the charger Pending', async () => {
    const chargeBoxId = randomChargeBoxId('NEW');
    await (await connectedCharger(app, chargeBoxId)).boot();
    const station = (await stationOf(app, chargeBoxId))!;
    const res = await api(app).patch(`/stations/${station.id}`, { registrationStatus: 'Approved' });
    expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'registrationStatus' }] } } });
    expect(await stationOf(app, chargeBoxId)).toMatchObject({ registrationStatus: 'Pending' });
  });
});

describe('the cap on pending chargers (OCPP_MAX_PENDING_STATIONS)', () => {
  it('refuses an unknown charger past the cap with 503, registers nobody, counts the refusal, and has room again once one is accepted', async () => {
    const firsts = [randomChargeBoxId('CAP'), randomChargeBoxId('CAP')];
    for (const id of firsts) expect((await (await connectedCharger(capped, id)).boot()).status).toBe('Pending');

    const late = randomChargeBoxId('CAP');
    const refused = await connectedCharger(capped, late).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HandshakeRefusedError);
    expect((refused as HandshakeRefusedError).statusCode).toBe(503);
    expect(await capped.services.stations.findByChargeBoxId(late)).toBeNull();
    expect(capped.logs).toContainEqual(expect.objectContaining({ msg: 'handshake refused', chargeBoxId: late, code: 503 }));

    // A known charger is not affected by the cap.
    expect((await (await connectedCharger(capped, firsts[0]!)).boot()).status).toBe('Pending');

    const first = (await stationOf(capped, firsts[0]!))!;
    await api(capped).patch(`/stations/${first.id}`, { registrationStatus: 'Accepted' });
    expect((await (await connectedCharger(capped, late)).boot()).status).toBe('Pending');
    const another = randomChargeBoxId('CAP');
    expect(await RawSocket.refusal(capped, another)).toBe(503);

    // Refusals count toward the per-address limit (3 a minute here): this is the third, and then the block.
    expect(await RawSocket.refusal(capped, randomChargeBoxId('CAP'))).toBe(503);
    expect(await RawSocket.refusal(capped, firsts[1]!)).toBe(429);
  });

  it('holds the cap exactly when first contacts race (concurrent handshakes on a server take turns)', async () => {
    const racing = await startTestApp({ autoRegister: 'pending', maxPendingStations: 3 });
    try {
      const ids = Array.from({ length: 10 }, () => randomChargeBoxId('RACE'));
      const outcomes = await Promise.all(ids.map((id) => connectedCharger(racing, id).then(
        () => 'registered', (err: unknown) => (err instanceof HandshakeRefusedError ? err.statusCode : String(err)))));
      expect(outcomes.filter((o) => o === 'registered')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 503)).toHaveLength(7);
      const stations = (await api(racing).get('/stations')).body as Array<{ registrationStatus: string }>;
      expect(stations.filter((s) => s.registrationStatus === 'Pending')).toHaveLength(3);
    } finally {
      await closeChargers();
      await racing.stop();
    }
  });
});
