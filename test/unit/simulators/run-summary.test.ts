// The simulator CLI's summary line, read by a person watching the run.
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../simulators/run-summary.js';

describe('formatSummary', () => {
  it('says chargers online of all, sessions running, energy in kWh, messages and errors', () => {
    expect(formatSummary({ chargersOnline: 2, chargersTotal: 3, sessionsRunning: 2, energyWh: 12_345, messagesSent: 153, errors: 0 }))
      .toBe('summary: 2/3 chargers online, 2 sessions running, 12.35 kWh delivered, 153 messages sent, 0 errors');
  });

  it('speaks of one session, message and error in the singular', () => {
    expect(formatSummary({ chargersOnline: 1, chargersTotal: 1, sessionsRunning: 1, energyWh: 0, messagesSent: 1, errors: 1 }))
      .toBe('summary: 1/1 chargers online, 1 session running, 0.00 kWh delivered, 1 message sent, 1 error');
  });
});
