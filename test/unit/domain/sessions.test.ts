import { describe, expect, it } from 'vitest';
import { decideStop, energySoFar, sessionState } from '../../../src/domain/sessions.js';

const startedAt = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-03-01T11:00:00Z');

describe('decideStop', () => {
  it('energy is meterStop − meterStart', () => {
    expect(decideStop({ meterStartWh: 1_200, startedAt }, { meterStopWh: 12_200, stoppedAt: later }))
      .toEqual({ energyWh: 11_000, anomaly: null });
  });

  it('a zero-energy session is not an anomaly', () => {
    expect(decideStop({ meterStartWh: 500, startedAt }, { meterStopWh: 500, stoppedAt: later }))
      .toEqual({ energyWh: 0, anomaly: null });
  });

  it('records a meter that went backwards instead of inventing energy', () => {
    expect(decideStop({ meterStartWh: 5_000, startedAt }, { meterStopWh: 4_000, stoppedAt: later }))
      .toEqual({ energyWh: null, anomaly: 'MeterWentBackwards' });
  });

  it('records a stop stamped before its start, keeping the energy', () => {
    expect(decideStop({ meterStartWh: 0, startedAt: later }, { meterStopWh: 100, stoppedAt: startedAt }))
      .toEqual({ energyWh: 100, anomaly: 'StopBeforeStart' });
  });
});

describe('a running session', () => {
  it('has energy so far from its latest register reading, never negative', () => {
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: 3_500 })).toBe(2_500);
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: 900 })).toBe(0);
    expect(energySoFar({ meterStartWh: 1_000, latestMeterWh: null })).toBeNull();
  });

  it('is active until stopped', () => {
    expect(sessionState({ stoppedAt: null })).toBe('active');
    expect(sessionState({ stoppedAt: later })).toBe('completed');
  });
});
