// What a new profile replaces on a charger (OCPP 1.6 §3.13.2), what a ClearChargingProfile removes (§5.5), load
// management's ids, and the limit read back from a recorded profile.
import { describe, expect, it } from 'vitest';
import {
  clearedBy, LOAD_PROFILE_ID_BASE, loadProfileId, replacedBy, singleLimitA, type ClearCriteria, type ProfileKey,
} from '../../../src/domain/charging-profiles.js';

const key = (chargingProfileId: number, connectorId: number, purpose: ProfileKey['purpose'], stackLevel: number): ProfileKey =>
  ({ chargingProfileId, connectorId, purpose, stackLevel });
const INSTALLED = [
  key(1, 0, 'TxDefaultProfile', 1), key(2, 0, 'ChargePointMaxProfile', 1), key(3, 1, 'TxDefaultProfile', 2), key(4, 2, 'TxProfile', 1),
];
const idsOf = (ps: ProfileKey[]) => ps.map((p) => p.chargingProfileId);

describe('replacedBy', () => {
  it.each([
    ['the same id, on another connector', key(3, 2, 'TxProfile', 9), [3]],
    ['the same stack level and purpose on the same connector', key(9, 0, 'TxDefaultProfile', 1), [1]],
    ['both at once', key(1, 1, 'TxDefaultProfile', 2), [1, 3]],
    ['the same stack level and purpose on another connector: nothing', key(9, 2, 'TxDefaultProfile', 1), []],
    ['the same connector and stack level, another purpose: nothing', key(9, 0, 'TxProfile', 1), []],
  ] as const)('%s', (_name, added, replaced) => {
    expect(idsOf(replacedBy(INSTALLED, added))).toEqual(replaced);
  });
});

describe('clearedBy', () => {
  it.each<[ClearCriteria, number[]]>([
    [{ id: 3 }, [3]],
    [{ id: 3, connectorId: 0, purpose: 'TxProfile' }, [3]], // an id alone decides
    [{ id: 99 }, []],
    [{ connectorId: 0 }, [1, 2]],
    [{ purpose: 'TxDefaultProfile' }, [1, 3]],
    [{ stackLevel: 1 }, [1, 2, 4]],
    [{ connectorId: 0, stackLevel: 1, purpose: 'ChargePointMaxProfile' }, [2]],
    [{}, [1, 2, 3, 4]],
  ])('%j clears %j', (criteria, cleared) => {
    expect(idsOf(clearedBy(INSTALLED, criteria))).toEqual(cleared);
  });
});

describe('load management\'s profile ids', () => {
  it('are one per purpose and connector, apart from each other and within an int32', () => {
    const ids = [0, 1, 2, 40].flatMap((c) => [loadProfileId('TxProfile', c), loadProfileId('TxDefaultProfile', c)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(loadProfileId('TxDefaultProfile', 0)).toBe(LOAD_PROFILE_ID_BASE + 1_000);
    expect(Math.max(...ids)).toBeLessThan(2 ** 31);
  });
});

describe('singleLimitA', () => {
  const schedule = (chargingRateUnit: string, periods: object[]) => ({ chargingSchedule: { chargingRateUnit, chargingSchedulePeriod: periods } });
  it.each([
    [schedule('A', [{ startPeriod: 0, limit: 9.5 }]), 9.5],
    [schedule('A', [{ startPeriod: 0, limit: 0 }]), 0],
    [schedule('W', [{ startPeriod: 0, limit: 7400 }]), null],
    [schedule('A', [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 8 }]), null],
    [{}, null],
  ])('%j → %s', (profile, limitA) => {
    expect(singleLimitA(profile)).toBe(limitA);
  });
});
