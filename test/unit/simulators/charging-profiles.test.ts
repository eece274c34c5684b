// The simulated charger's smart charging (OCPP 1.6 §3.13.1-3.13.4): TxProfile over TxDefaultProfile, a
// connector's own TxDefaultProfile over connector 0's, the highest stack level in force, validFrom/validTo,
// Relative and Absolute schedules, ChargePointMaxProfile shared by the whole charger, and amperes turned into
// watts with the charger's voltage and phases.
import { describe, expect, it } from 'vitest';
import { ChargingProfiles, type ProfileScope, type ReceivedProfile } from '../../../simulators/charging-profiles.js';
import { connectorPowerLimitW, waterFilled } from '../../../simulators/profile-sharing.js';
import type { ChargingProfile } from '../../../src/ocpp/wire/index.js';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const RATING_W = 22_000;
const at = (offsetS: number) => new Date(NOW + offsetS * 1000).toISOString();

function profile(id: number, purpose: ChargingProfile['chargingProfilePurpose'], stackLevel: number, limitA: number,
  more: Partial<ChargingProfile> = {}, numberPhases?: number): ChargingProfile {
  return {
    chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA, ...(numberPhases && { numberPhases }) }] },
    ...more,
  };
}

function charger(o: { phases?: 1 | 3; voltageV?: number; accepts?: boolean } = {}) {
  const received: ReceivedProfile[] = [];
  const profiles = new ChargingProfiles({
    maxStackLevel: 10, accepts: o.accepts ?? true, voltageV: o.voltageV ?? 230, phases: o.phases ?? 3, onReceived: (r) => received.push(r),
  });
  return { profiles, received };
}

const session = (connectorId: number, transactionId: number, startedS = -600): ProfileScope =>
  ({ connectorId, transactionId, sessionStartMs: NOW + startedS * 1000 });
const idle = (connectorId: number): ProfileScope => ({ connectorId, transactionId: null, sessionStartMs: null });
/** The A per phase (3 phases, 230 V) a connector may draw, alone on the charger. */
const amps = (p: ChargingProfiles, scope: ProfileScope, nowMs = NOW) =>
  Math.round((connectorPowerLimitW(p, [scope], scope, nowMs, RATING_W) / 690) * 10) / 10;

describe('which profile limits a connector', () => {
  it('a TxProfile overrules the TxDefaultProfile while its transaction runs, even when it is higher; then the default is back', () => {
    const { profiles } = charger();
    expect(profiles.set(0, profile(1, 'TxDefaultProfile', 0, 10), null)).toBe('Accepted');
    expect(profiles.set(1, profile(2, 'TxProfile', 0, 25), { transactionId: 7 })).toBe('Accepted');
    expect(amps(profiles, session(1, 7))).toBe(25);
    profiles.endTransaction(1);
    expect(amps(profiles, session(1, 8))).toBe(10);
  });

  it('connector 0\'s TxDefaultProfile applies to every connector unless one has its own', () => {
    const { profiles } = charger();
    profiles.set(0, profile(1, 'TxDefaultProfile', 0, 10), null);
    profiles.set(2, profile(2, 'TxDefaultProfile', 0, 20), null);
    expect(amps(profiles, idle(1))).toBe(10);
    expect(amps(profiles, idle(2))).toBe(20);
    expect(amps(profiles, idle(3))).toBe(10);
  });

  it('within a purpose the highest stack level in force wins; one not yet valid or expired gives way', () => {
    const { profiles } = charger();
    profiles.set(0, profile(1, 'TxDefaultProfile', 1, 16), null);
    profiles.set(0, profile(2, 'TxDefaultProfile', 3, 8), null);
    expect(amps(profiles, idle(1))).toBe(8);
    profiles.set(0, profile(3, 'TxDefaultProfile', 5, 6, { validFrom: at(60), validTo: at(120) }), null);
    expect(amps(profiles, idle(1))).toBe(8);
    expect(amps(profiles, idle(1), NOW + 90_000)).toBe(6);
    expect(amps(profiles, idle(1), NOW + 120_000)).toBe(8);
  });

  it('a Relative schedule counts from the session\'s start; an Absolute one from its startSchedule', () => {
    const { profiles } = charger();
    const stepped = { chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 300, limit: 8 }] };
    profiles.set(1, profile(1, 'TxProfile', 0, 0, { chargingSchedule: stepped }), { transactionId: 1 });
    expect(amps(profiles, session(1, 1, -100))).toBe(16);
    expect(amps(profiles, session(1, 1, -400))).toBe(8);
    profiles.set(0, profile(2, 'TxDefaultProfile', 0, 0, {
      chargingProfileKind: 'Absolute', chargingSchedule: { ...stepped, startSchedule: at(-100) },
    }), null);
    expect(amps(profiles, idle(2))).toBe(16);
    expect(amps(profiles, idle(2), NOW + 250_000)).toBe(8);
  });

  it('the same id, or the same stack level and purpose on the same connector, replaces a profile; elsewhere it does not', () => {
    const { profiles } = charger();
    profiles.set(1, profile(1, 'TxDefaultProfile', 2, 16), null);
    profiles.set(2, profile(2, 'TxDefaultProfile', 2, 14), null);
    profiles.set(1, profile(3, 'TxDefaultProfile', 2, 12), null); // replaces id 1 (level 2 on connector 1)
    expect([amps(profiles, idle(1)), amps(profiles, idle(2))]).toEqual([12, 14]);
    profiles.set(1, profile(2, 'TxDefaultProfile', 0, 6), null); // id 2 moves to connector 1 at level 0
    expect([amps(profiles, idle(1)), amps(profiles, idle(2))]).toEqual([12, 22_000 / 690].map((a) => Math.round(a * 10) / 10));
  });
});

describe('what a charger refuses', () => {
  it('a TxProfile without its transaction, ChargePointMaxProfile off connector 0, a stack level above its maximum; all told in order', () => {
    const { profiles, received } = charger();
    expect(profiles.set(1, profile(1, 'TxProfile', 0, 10), null)).toBe('Rejected');
    expect(profiles.set(1, profile(2, 'TxProfile', 0, 10, { transactionId: 5 }), { transactionId: 6 })).toBe('Rejected');
    expect(profiles.set(1, profile(3, 'ChargePointMaxProfile', 0, 10), null)).toBe('Rejected');
    expect(profiles.set(0, profile(4, 'TxDefaultProfile', 11, 10), null)).toBe('Rejected');
    expect(profiles.set(0, profile(5, 'TxDefaultProfile', 10, 10), null)).toBe('Accepted');
    expect(received.map((r) => [r.profile.chargingProfileId, r.status])).toEqual([[1, 'Rejected'], [2, 'Rejected'], [3, 'Rejected'], [4, 'Rejected'], [5, 'Accepted']]);
    expect(profiles.received).toEqual(received);
    for (const r of received) expect(r.atMs).toBeGreaterThan(0);
  });

  it('a charger that does not take profiles rejects them all, and is limited by none', () => {
    const { profiles, received } = charger({ accepts: false });
    expect(profiles.set(0, profile(1, 'TxDefaultProfile', 0, 6), null)).toBe('Rejected');
    expect(received).toHaveLength(1);
    expect(connectorPowerLimitW(profiles, [idle(1)], idle(1), NOW, RATING_W)).toBe(RATING_W);
  });
});

describe('amperes into watts, and the whole charger\'s limit', () => {
  it.each([
    [{}, undefined, 16 * 230 * 3],
    [{}, 1, 16 * 230],
    [{ phases: 1 as const }, undefined, 16 * 230],
    [{ phases: 1 as const }, 3, 16 * 230],
    [{ voltageV: 240 }, 3, 16 * 240 * 3],
  ])('16 A on a charger %j with numberPhases %s is %i W', (electrical, numberPhases, watts) => {
    const { profiles } = charger(electrical);
    profiles.set(0, profile(1, 'TxDefaultProfile', 0, 16, {}, numberPhases), null);
    expect(connectorPowerLimitW(profiles, [idle(1)], idle(1), NOW, RATING_W)).toBeCloseTo(watts, 6);
  });

  it('the charger\'s rating caps any profile', () => {
    const { profiles } = charger();
    profiles.set(0, profile(1, 'TxDefaultProfile', 0, 63), null);
    expect(connectorPowerLimitW(profiles, [idle(1)], idle(1), NOW, RATING_W)).toBe(RATING_W);
  });

  it('ChargePointMaxProfile limits the sum of the connectors: the sessions share it, one capped lower keeps its cap', () => {
    const { profiles } = charger();
    profiles.set(0, profile(1, 'ChargePointMaxProfile', 0, 20), null); // 13.8 kW for the whole charger
    profiles.set(1, profile(2, 'TxProfile', 0, 4), { transactionId: 1 }); // 2.76 kW
    const scopes = [session(1, 1), session(2, 2), session(3, 3)];
    const limits = scopes.map((s) => connectorPowerLimitW(profiles, scopes, s, NOW, RATING_W));
    expect(limits[0]).toBeCloseTo(4 * 690, 6);
    expect(limits[1]).toBeCloseTo((20 - 4) / 2 * 690, 6);
    expect(limits[2]).toBeCloseTo((20 - 4) / 2 * 690, 6);
    expect(limits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20 * 690 + 1e-6);
    // Alone on the charger, a session may have the whole of it.
    expect(connectorPowerLimitW(profiles, [session(2, 2)], session(2, 2), NOW, RATING_W)).toBeCloseTo(20 * 690, 6);
  });

  it('water-filling meets the small caps and splits the rest evenly, never above the total', () => {
    expect(waterFilled([1000, 5000, 9000], 9000)).toEqual([1000, 4000, 4000]);
    expect(waterFilled([3000, 3000], 9000)).toEqual([3000, 3000]);
    expect(waterFilled([5000, 5000, 5000], 0)).toEqual([0, 0, 0]);
  });
});
