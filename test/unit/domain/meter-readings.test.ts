import { describe, expect, it } from 'vitest';
import { latestReadings, toMeterSamples } from '../../../src/domain/meter-readings.js';

const t1 = new Date('2026-03-01T10:00:00Z');
const t2 = new Date('2026-03-01T10:01:00Z');

describe('toMeterSamples', () => {
  it('applies the OCPP 1.6 defaults: Energy.Active.Import.Register in Wh, Sample.Periodic', () => {
    expect(toMeterSamples(t1, [{ value: '1500' }])).toEqual([{
      sampledAt: t1, measurand: 'Energy.Active.Import.Register', value: '1500', unit: 'Wh',
      context: 'Sample.Periodic', phase: null, location: null, format: null,
    }]);
  });

  it('keeps a given measurand without inventing a unit', () => {
    expect(toMeterSamples(t1, [{ value: '40', measurand: 'SoC' }])[0]).toMatchObject({ measurand: 'SoC', unit: null });
  });
});

describe('latestReadings', () => {
  it('reads energy, power and SoC of the newest instant, scaling kWh and kW', () => {
    const samples = [
      ...toMeterSamples(t1, [{ value: '1', unit: 'kWh', measurand: 'Energy.Active.Import.Register' }]),
      ...toMeterSamples(t2, [
        { value: '2.5', unit: 'kWh', measurand: 'Energy.Active.Import.Register' },
        { value: '7.4', unit: 'kW', measurand: 'Power.Active.Import' },
        { value: '55', unit: 'Percent', measurand: 'SoC' },
      ]),
    ];
    expect(latestReadings(samples)).toEqual({ at: t2, meterWh: 2500, powerW: 7400, socPercent: 55 });
  });

  it('ignores per-phase values, signed data and values that are not numbers', () => {
    const samples = toMeterSamples(t1, [
      { value: '3000', measurand: 'Power.Active.Import', unit: 'W', phase: 'L1' },
      { value: 'abc', measurand: 'SoC' },
      { value: '1234', format: 'SignedData' },
    ]);
    expect(latestReadings(samples)).toBeNull();
  });

  it('reads no register past 2^53 Wh, which no bigint column or exact number holds, and keeps the other figures', () => {
    const samples = toMeterSamples(t1, [{ value: '1e20' }, { value: '7400', measurand: 'Power.Active.Import', unit: 'W' }]);
    expect(latestReadings(samples)).toEqual({ at: t1, meterWh: null, powerW: 7400, socPercent: null });
    expect(latestReadings(toMeterSamples(t1, [{ value: '9007199254740991' }]))?.meterWh).toBe(9007199254740991);
  });

  it('is null for an empty batch', () => {
    expect(latestReadings([])).toBeNull();
  });
});
