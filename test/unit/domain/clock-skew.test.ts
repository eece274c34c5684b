// When a charger's clock counts as running ahead (src/domain/clock-skew.ts), and when the record changes.
import { describe, expect, it } from 'vitest';
import { clockSkewChange } from '../../../src/domain/clock-skew.js';
import { latestReadings, toMeterSamples } from '../../../src/domain/meter-readings.js';

const now = new Date('2026-03-01T10:00:00Z');
const off = (s: number) => new Date(now.getTime() + s * 1000);

describe('clockSkewChange', () => {
  it.each([
    { seen: 'ahead 5 min, nothing recorded', recorded: null, aheadS: 300, change: { aheadS: 300 } },
    { seen: 'ahead 61 s', recorded: null, aheadS: 61, change: { aheadS: 61 } },
    { seen: 'ahead 60 s (not past the bound)', recorded: null, aheadS: 60, change: null },
    { seen: 'ahead 5 min, 5 min recorded', recorded: 300, aheadS: 310, change: null },
    { seen: 'ahead 5 min 29 s, 5 min recorded', recorded: 300, aheadS: 329, change: null },
    { seen: 'ahead 5 min 30 s, 5 min recorded', recorded: 300, aheadS: 330, change: { aheadS: 330 } },
    { seen: 'ahead 2 min, 10 min recorded (set closer)', recorded: 600, aheadS: 120, change: { aheadS: 120 } },
    { seen: 'in sync, 5 min recorded', recorded: 300, aheadS: 0, change: { aheadS: null } },
    { seen: 'ahead 30 s, 5 min recorded', recorded: 300, aheadS: 30, change: { aheadS: null } },
    { seen: 'ahead 45 s, 61 s recorded (hovering at the bound)', recorded: 61, aheadS: 45, change: null },
    { seen: 'behind 1 h (a late message), 5 min recorded', recorded: 300, aheadS: -3600, change: null },
    { seen: 'behind 1 h, nothing recorded', recorded: null, aheadS: -3600, change: null },
    { seen: 'in sync, nothing recorded', recorded: null, aheadS: 0, change: null },
  ])('$seen → $change', ({ recorded, aheadS, change }) => expect(clockSkewChange(recorded, off(aheadS), now)).toEqual(change));

  it('records a clock in the year 9999 as the most an integer column holds, once', () => {
    const far = new Date('9999-12-31T23:59:59Z');
    expect(clockSkewChange(null, far, now)).toEqual({ aheadS: 2_147_483_647 });
    expect(clockSkewChange(2_147_483_647, far, now)).toBeNull();
  });
});

describe('latestReadings with the time of receipt', () => {
  it('takes a reading stamped after its arrival as of its arrival, and one before it as stamped', () => {
    expect(latestReadings(toMeterSamples(off(300), [{ value: '1500' }]), now)).toMatchObject({ at: now, meterWh: 1_500 });
    expect(latestReadings(toMeterSamples(off(-60), [{ value: '1500' }]), now)).toMatchObject({ at: off(-60) });
    expect(latestReadings(toMeterSamples(off(300), [{ value: '1500' }]))).toMatchObject({ at: off(300) });
  });
});
