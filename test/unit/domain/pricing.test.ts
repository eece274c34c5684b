import { describe, expect, it } from 'vitest';
import { priceSession, roundHalfUp, type Tariff } from '../../../src/domain/pricing.js';
import { idleMinutes } from '../../../src/domain/idle.js';

const aTariff = (o: Partial<Tariff> = {}): Tariff => ({
  id: 1, name: 'T', isDefault: false, currency: 'EUR', pricePerKwhMinor: 0, pricePerMinuteMinor: 0, sessionFeeMinor: 0,
  idleFeePerMinuteMinor: 0, idleGraceMin: 0, taxRateBp: 0, stationIds: [], ...o,
});
const usage = (o: Partial<{ energyWh: number | null; minutes: number; idleMinutes: number }> = {}) =>
  ({ energyWh: 0, minutes: 0, idleMinutes: 0, ...o });
const amounts = (p: ReturnType<typeof priceSession>) => Object.fromEntries(p.lines.map((l) => [l.kind, l.amountMinor]));

describe('priceSession', () => {
  it('prices energy only: Wh → kWh × price per kWh', () => {
    const p = priceSession(aTariff({ pricePerKwhMinor: 35 }), usage({ energyWh: 12_000, minutes: 45 }));
    expect(p.lines).toEqual([{ kind: 'energy', description: 'Energy', quantity: 12, unit: 'kWh', unitPriceMinor: 35, amountMinor: 420 }]);
    expect(p).toMatchObject({ currency: 'EUR', subtotalMinor: 420, taxMinor: 0, totalMinor: 420 });
  });

  it('prices time only, on the session\'s minutes', () => {
    const p = priceSession(aTariff({ pricePerMinuteMinor: 3 }), usage({ energyWh: 5_000, minutes: 90 }));
    expect(amounts(p)).toEqual({ energy: 0, time: 270 });
    expect(p.totalMinor).toBe(270);
  });

  it('adds the session fee once', () => {
    expect(priceSession(aTariff({ sessionFeeMinor: 99 }), usage()).totalMinor).toBe(99);
  });

  it('bills idle minutes beyond the grace only', () => {
    const t = aTariff({ idleFeePerMinuteMinor: 10, idleGraceMin: 15 });
    expect(amounts(priceSession(t, usage({ idleMinutes: 40 }))).idle).toBe(250);
    expect(amounts(priceSession(t, usage({ idleMinutes: 12 }))).idle).toBe(0);
  });

  it('computes tax on the subtotal, rounded half-up once (19 % and 7.7 %)', () => {
    const nineteen = priceSession(aTariff({ sessionFeeMinor: 1_050, taxRateBp: 1_900 }), usage());
    expect(nineteen).toMatchObject({ subtotalMinor: 1_050, taxMinor: 200, totalMinor: 1_250 }); // 199.5 → 200
    const swiss = priceSession(aTariff({ sessionFeeMinor: 1_000, pricePerKwhMinor: 1, taxRateBp: 770 }), usage({ energyWh: 1_000 }));
    expect(swiss).toMatchObject({ subtotalMinor: 1_001, taxMinor: 77, totalMinor: 1_078 }); // 77.077 → 77
  });

  it('rounds each line half-up at a .5 boundary', () => {
    // 1.5 kWh × 33 = 49.5 → 50; 0.5 min × 5 = 2.5 → 3; 1.4 kWh × 33 = 46.2 → 46
    expect(amounts(priceSession(aTariff({ pricePerKwhMinor: 33, pricePerMinuteMinor: 5 }), usage({ energyWh: 1_500, minutes: 0.5 }))))
      .toEqual({ energy: 50, time: 3 });
    expect(amounts(priceSession(aTariff({ pricePerKwhMinor: 33 }), usage({ energyWh: 1_400 }))).energy).toBe(46);
    expect(roundHalfUp(0.49999999)).toBe(1); // snapped to 6 decimals first: float noise never rounds down a .5
    expect(roundHalfUp(2.4)).toBe(2);
  });

  it('prices a zero-energy session at 0 for energy, and a meter anomaly (energy null) as 0 kWh, saying so', () => {
    const t = aTariff({ pricePerKwhMinor: 40, sessionFeeMinor: 100 });
    expect(priceSession(t, usage({ energyWh: 0 })).totalMinor).toBe(100);
    const anomaly = priceSession(t, usage({ energyWh: null }));
    expect(anomaly.lines[0]).toMatchObject({ kind: 'energy', quantity: 0, amountMinor: 0 });
    expect(anomaly.lines[0]!.description).toContain('anomaly');
    expect(anomaly.totalMinor).toBe(100);
    const broken = priceSession(t, usage({ energyWh: 2 ** 62 })); // an implausible register: the same, never an overflow
    expect(broken.totalMinor).toBe(100);
    expect(broken.lines[0]).toMatchObject({ quantity: 0, description: expect.stringContaining('anomaly') });
  });

  it('with no tariff, invoices 0 with a line saying no tariff applied', () => {
    const p = priceSession(null, usage({ energyWh: 10_000, minutes: 30 }));
    expect(p).toMatchObject({ totalMinor: 0, lines: [{ kind: 'no_tariff', description: 'No tariff applied', amountMinor: 0 }] });
  });
});

describe('idleMinutes', () => {
  const at = (hhmm: string) => new Date(`2025-03-01T${hhmm}:00Z`);
  const start = at('10:00');
  const stop = at('11:00');

  it('counts SuspendedEV until the next report or the stop', () => {
    const reports = [
      { status: 'Charging', at: at('10:00') }, { status: 'SuspendedEV', at: at('10:20') },
      { status: 'Charging', at: at('10:30') }, { status: 'SuspendedEV', at: at('10:45') },
    ];
    expect(idleMinutes(reports, start, stop)).toBe(25);
  });

  it('counts a SuspendedEV in force at the start from the start, and nothing after the stop', () => {
    expect(idleMinutes([{ status: 'SuspendedEV', at: at('09:00') }, { status: 'Finishing', at: at('10:10') }], start, stop)).toBe(10);
    expect(idleMinutes([{ status: 'SuspendedEV', at: at('11:30') }], start, stop)).toBe(0);
    expect(idleMinutes([{ status: 'SuspendedEV', at: at('10:00') }], stop, start)).toBe(0);
  });
});
