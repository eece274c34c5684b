// The simulated car: a battery of its own per session, so the demo's SoC moves as a real car's does.
import { describe, expect, it } from 'vitest';
import { advance, DEMO_SESSION, simulatedCar, type Physics } from '../../../simulators/session-physics.js';

/** One demo session at the CLI's default power and length, from a car's arrival; returns the SoC it leaves at. */
function chargeForDemoSession(batteryWh: number, startSocPercent: number): Physics {
  const p: Physics = { registerWh: 0, socPercent: startSocPercent, powerW: 0, lastTickMs: 0, batteryWh };
  advance(p, DEMO_SESSION.sessionMin * 60_000, DEMO_SESSION.powerKw * 1000);
  return p;
}

describe('a demo session at the CLI defaults', () => {
  it('takes the middle car (70 kWh at 20 %) to about 80 %', () => {
    const p = chargeForDemoSession(70_000, 20);
    expect(p.socPercent).toBeGreaterThan(75);
    expect(p.socPercent).toBeLessThan(85);
    expect(p.registerWh).toBeGreaterThan(38_000); // ~41.7 kWh before the taper slows it
  });

  it('leaves every drawn car at 55 to 100 %, about 80 % on average', () => {
    const ends = Array.from({ length: 200 }, (_, i) => {
      const car = simulatedCar(`SIM-${i}`, 1, 1);
      return chargeForDemoSession(car.batteryWh, car.startSocPercent).socPercent;
    });
    for (const end of ends) expect(end).toBeGreaterThan(55); // the largest car arriving emptiest: 100 kWh at 15 %
    for (const end of ends) expect(end).toBeLessThanOrEqual(100);
    const mean = ends.reduce((a, b) => a + b, 0) / ends.length;
    expect(mean).toBeGreaterThan(72);
    expect(mean).toBeLessThan(88);
  });
});

describe('simulatedCar', () => {
  it('draws a realistic car: 40 to 100 kWh in whole kWh, arriving at 15 to 30 %', () => {
    const cars = Array.from({ length: 500 }, (_, i) => simulatedCar('CP-001', 1 + (i % 2), i));
    for (const car of cars) {
      expect(car.batteryWh % 1000).toBe(0);
      expect(car.batteryWh).toBeGreaterThanOrEqual(40_000);
      expect(car.batteryWh).toBeLessThanOrEqual(100_000);
      expect(car.startSocPercent).toBeGreaterThanOrEqual(15);
      expect(car.startSocPercent).toBeLessThanOrEqual(30);
    }
    // Not one car for all: the range is used.
    expect(new Set(cars.map((c) => c.batteryWh)).size).toBeGreaterThan(30);
    expect(new Set(cars.map((c) => c.startSocPercent)).size).toBe(16);
  });

  it('is the same car for the same charger, connector and session, and another for the next session', () => {
    expect(simulatedCar('CP-001', 1, 3)).toEqual(simulatedCar('CP-001', 1, 3));
    const next = [2, 3, 4, 5].map((n) => simulatedCar('CP-001', 1, n));
    expect(next.some((car) => car.batteryWh !== simulatedCar('CP-001', 1, 1).batteryWh)).toBe(true);
  });
});

describe('advance', () => {
  it('fills a small battery faster than a large one with the same energy, and tapers above 80 %', () => {
    const small: Physics = { registerWh: 0, socPercent: 20, powerW: 0, lastTickMs: 0, batteryWh: 40_000 };
    const large: Physics = { registerWh: 0, socPercent: 20, powerW: 0, lastTickMs: 0, batteryWh: 100_000 };
    advance(small, 10 * 60_000, 50_000);
    advance(large, 10 * 60_000, 50_000);
    expect(small.registerWh).toBeCloseTo(large.registerWh, 0);
    expect(small.socPercent).toBeGreaterThan(large.socPercent);
    expect(small.socPercent).toBeCloseTo(20 + (large.registerWh / 40_000) * 100, 5);
    advance(small, 40 * 60_000, 50_000);
    expect(small.socPercent).toBeGreaterThan(80);
    expect(small.powerW).toBeLessThan(50_000);
  });
});
