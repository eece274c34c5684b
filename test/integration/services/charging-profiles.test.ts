// The ledger of charging profiles (issue 17 item 3), with the simulator as the charger over a real socket: what
// staff set through the command API and what load management sets through setCurrentLimit is recorded once the
// charger Accepted it, a new profile replaces what it replaces on the charger (OCPP 1.6 §3.13.2), a
// ClearChargingProfile removes what it matched (§5.5), a TxProfile goes with its transaction; a charger that
// refuses, or is offline, is an outcome and leaves no row.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ChargePointOptions } from '../../../simulators/charge-point.js';
import { LOAD_STACK_LEVEL, loadProfileId } from '../../../src/domain/charging-profiles.js';

let app: TestApp;
let operator: string;
let operatorName: string;
beforeAll(async () => {
  app = await startTestApp();
  operator = await aToken(app, 'operator');
  operatorName = (await api(app, operator).get('/me')).body.name;
});
afterEach(() => closeChargers());
afterAll(() => app.stop());

async function aCharger(o: Partial<ChargePointOptions> = {}) {
  const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  expect(res.status).toBe(201);
  const cp = await bootedCharger(app, res.body.chargeBoxId, o);
  return { stationId: res.body.id as number, cp };
}

type Purpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
const aProfile = (id: number, stackLevel: number, purpose: Purpose, limit = 16) => ({
  chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
});
const setByStaff = (stationId: number, connectorId: number, profile: object) =>
  api(app, operator).post(`/stations/${stationId}/commands/SetChargingProfile`, { connectorId, csChargingProfiles: profile });
const clearByStaff = (stationId: number, criteria: object) =>
  api(app, operator).post(`/stations/${stationId}/commands/ClearChargingProfile`, criteria);
const installed = (stationId: number) => app.services.chargingProfiles.list(stationId);
const ids = async (stationId: number) => (await installed(stationId)).map((p) => [p.connectorId, p.chargingProfileId]).sort();
const commandsOf = async (stationId: number) => (await api(app).get(`/stations/${stationId}/commands`)).body as
  Array<{ action: string; requestedBy: string; payload: Record<string, unknown>; outcome: string; response: { status?: string } | null }>;

describe('profiles staff send through the command API', () => {
  it('an Accepted SetChargingProfile is recorded as staff:<name>, as sent', async () => {
    const { stationId } = await aCharger();
    const profile = aProfile(7, 1, 'TxDefaultProfile', 10.5);
    expect((await setByStaff(stationId, 1, profile)).body).toMatchObject({ outcome: 'answered', response: { status: 'Accepted' } });
    expect(await installed(stationId)).toEqual([{
      stationId, connectorId: 1, chargingProfileId: 7, stackLevel: 1, purpose: 'TxDefaultProfile', transactionId: null,
      profile, source: `staff:${operatorName}`, acceptedAt: expect.any(Date),
    }]);
  });

  it('one with the same id replaces it anywhere; the same stackLevel and purpose replaces it on that connector only', async () => {
    const { stationId } = await aCharger();
    await setByStaff(stationId, 1, aProfile(1, 1, 'TxDefaultProfile'));
    await setByStaff(stationId, 2, aProfile(2, 1, 'TxDefaultProfile'));
    await setByStaff(stationId, 0, aProfile(3, 2, 'TxDefaultProfile'));
    expect(await ids(stationId)).toEqual([[0, 3], [1, 1], [2, 2]]);

    await setByStaff(stationId, 2, aProfile(1, 3, 'TxDefaultProfile')); // id 1 moves from connector 1 to 2, beside id 2
    expect(await ids(stationId)).toEqual([[0, 3], [2, 1], [2, 2]]);
    await setByStaff(stationId, 2, aProfile(9, 1, 'TxDefaultProfile', 8)); // same level and purpose as id 2 on connector 2
    expect(await ids(stationId)).toEqual([[0, 3], [2, 1], [2, 9]]);
    await setByStaff(stationId, 2, aProfile(10, 3, 'ChargePointMaxProfile')); // refused by the charger: connector 0 only
    expect(await ids(stationId)).toEqual([[0, 3], [2, 1], [2, 9]]);
  });

  // Four profiles: id 1 (connector 0, TxDefault, level 1), 2 (0, ChargePointMax, level 1), 3 (1, TxDefault, level 2),
  // 4 (2, TxDefault, level 1).
  it.each([
    [{ id: 3 }, [[0, 1], [0, 2], [2, 4]]],
    [{ id: 3, connectorId: 2 }, [[0, 1], [0, 2], [2, 4]]], // with an id, the other criteria are ignored
    [{ connectorId: 0 }, [[1, 3], [2, 4]]],
    [{ chargingProfilePurpose: 'TxDefaultProfile' }, [[0, 2]]],
    [{ stackLevel: 1 }, [[1, 3]]],
    [{ connectorId: 0, chargingProfilePurpose: 'TxDefaultProfile' }, [[0, 2], [1, 3], [2, 4]]],
    [{}, []],
  ])('ClearChargingProfile %j Accepted removes exactly what it matched', async (criteria, left) => {
    const { stationId, cp } = await aCharger();
    await setByStaff(stationId, 0, aProfile(1, 1, 'TxDefaultProfile'));
    await setByStaff(stationId, 0, aProfile(2, 1, 'ChargePointMaxProfile'));
    await setByStaff(stationId, 1, aProfile(3, 2, 'TxDefaultProfile'));
    await setByStaff(stationId, 2, aProfile(4, 1, 'TxDefaultProfile'));
    expect(await ids(stationId)).toHaveLength(4);
    expect((await clearByStaff(stationId, criteria)).body).toMatchObject({ response: { status: 'Accepted' } });
    expect(await ids(stationId)).toEqual(left);
    // All four were Accepted by the charger, so the ledger started from them.
    expect(cp.receivedProfiles().map((r) => r.status)).toEqual(['Accepted', 'Accepted', 'Accepted', 'Accepted']);
  });

  it('a ClearChargingProfile the charger answers Unknown changes nothing', async () => {
    const { stationId } = await aCharger();
    await setByStaff(stationId, 1, aProfile(5, 1, 'TxDefaultProfile'));
    expect((await clearByStaff(stationId, { id: 6 })).body).toMatchObject({ response: { status: 'Unknown' } });
    expect(await ids(stationId)).toEqual([[1, 5]]);
  });
});

describe('setCurrentLimit', () => {
  it('sends a TxProfile for the transaction as system:load-balancer; a new limit replaces it; it goes with the transaction', async () => {
    const { stationId, cp } = await aCharger();
    const { transactionId } = await cp.startSession(1, await anIdTag(app.services));
    const limit = { stationId, connectorId: 1, purpose: 'TxProfile' as const, transactionId };

    expect(await app.services.chargingProfiles.setCurrentLimit({ ...limit, limitA: 16 }, 'load-balancer')).toBe('Accepted');
    expect(await app.services.chargingProfiles.setCurrentLimit({ ...limit, limitA: 9.5 }, 'load-balancer')).toBe('Accepted');

    const id = loadProfileId('TxProfile', 1);
    const sent = {
      chargingProfileId: id, stackLevel: LOAD_STACK_LEVEL, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', transactionId,
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 9.5 }] },
    };
    expect(await installed(stationId)).toEqual([{
      stationId, connectorId: 1, chargingProfileId: id, stackLevel: LOAD_STACK_LEVEL, purpose: 'TxProfile', transactionId,
      profile: sent, source: 'load-balancer', acceptedAt: expect.any(Date),
    }]);
    expect(await app.services.chargingProfiles.acceptedTxLimits([stationId])).toEqual(new Map([[transactionId, 9.5]]));
    expect(cp.receivedProfiles().map((r) => [r.connectorId, r.profile.chargingSchedule.chargingSchedulePeriod[0]!.limit, r.status]))
      .toEqual([[1, 16, 'Accepted'], [1, 9.5, 'Accepted']]);
    expect((await commandsOf(stationId)).filter((c) => c.action === 'SetChargingProfile')).toMatchObject([
      { requestedBy: 'system:load-balancer', payload: { connectorId: 1, csChargingProfiles: sent }, outcome: 'answered', response: { status: 'Accepted' } },
      { requestedBy: 'system:load-balancer', outcome: 'answered', response: { status: 'Accepted' } },
    ]);

    await cp.stopSession(1);
    await waitFor(async () => (await installed(stationId)).length === 0);
    expect(await app.services.chargingProfiles.acceptedTxLimits([stationId])).toEqual(new Map());
  });

  it('a staff TxProfile at a higher stack level is the one in force for acceptedTxLimits; each transaction has its own', async () => {
    const { stationId, cp } = await aCharger();
    const tag = await anIdTag(app.services);
    const first = await cp.startSession(1, tag);
    const second = await cp.startSession(2, await anIdTag(app.services));
    const tx = (connectorId: number, transactionId: number, limitA: number) => app.services.chargingProfiles.setCurrentLimit(
      { stationId, connectorId, purpose: 'TxProfile', transactionId, limitA }, 'load-balancer');
    await tx(1, first.transactionId, 12);
    await tx(2, second.transactionId, 20);
    await setByStaff(stationId, 1, { ...aProfile(77, LOAD_STACK_LEVEL + 1, 'TxProfile', 6), transactionId: first.transactionId });
    expect(await app.services.chargingProfiles.acceptedTxLimits([stationId]))
      .toEqual(new Map([[first.transactionId, 6], [second.transactionId, 20]]));
    expect(await app.services.chargingProfiles.acceptedTxLimits([])).toEqual(new Map());
  });

  it('a charger that rejects profiles: Rejected, in the command log, logged, and nothing recorded', async () => {
    const { stationId, cp } = await aCharger({ acceptsChargingProfiles: false });
    const { transactionId } = await cp.startSession(1, await anIdTag(app.services));
    const outcome = await app.services.chargingProfiles.setCurrentLimit(
      { stationId, connectorId: 1, purpose: 'TxProfile', transactionId, limitA: 10 }, 'load-balancer');
    expect(outcome).toBe('Rejected');
    expect(await installed(stationId)).toEqual([]);
    expect(await app.services.chargingProfiles.acceptedTxLimits([stationId])).toEqual(new Map());
    expect((await commandsOf(stationId)).filter((c) => c.action === 'SetChargingProfile'))
      .toMatchObject([{ requestedBy: 'system:load-balancer', outcome: 'answered', response: { status: 'Rejected' } }]);
    expect(app.logs.some((l) => l.stationId === stationId && l.outcome === 'Rejected' && String(l.msg).includes('did not accept'))).toBe(true);
  });

  it('an offline charger is the outcome offline, recorded so in the command log', async () => {
    const { stationId, cp } = await aCharger();
    await cp.close();
    await waitFor(async () => (await api(app).get(`/stations/${stationId}`)).body.online === false);
    const outcome = await app.services.chargingProfiles.setCurrentLimit(
      { stationId, connectorId: 0, purpose: 'TxDefaultProfile', transactionId: null, limitA: 6 }, 'failsafe');
    expect(outcome).toBe('offline');
    expect((await commandsOf(stationId))[0]).toMatchObject({ action: 'SetChargingProfile', requestedBy: 'system:failsafe', outcome: 'offline' });
    expect(await installed(stationId)).toEqual([]);
  });
});
