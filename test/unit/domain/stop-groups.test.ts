import { describe, expect, it } from 'vitest';
import { decideStopGroup, type StopFacts } from '../../../src/domain/stop-groups.js';
import type { StopRequest } from '../../../src/domain/sessions.js';
import type { ChargingSession, IdTag } from '../../../src/domain/model.js';

const now = new Date('2026-03-01T10:30:00Z');
const startedAt = new Date('2026-03-01T10:00:00Z');
const stoppedAt = new Date('2026-03-01T10:20:00Z');
const tag: IdTag = { idTag: 'DRIVER', status: 'Accepted', expiryDate: null, parentIdTag: null };
const session = (o: Partial<ChargingSession> = {}): ChargingSession => ({
  id: 11, stationId: 1, connectorId: 1, idTag: 'DRIVER', authorizationStatus: 'Accepted', reservationId: null, meterStartWh: 1_000,
  startedAt, meterStopWh: null, stoppedAt: null, stopReason: null, stopIdTag: null, stopAnomaly: null, energyWh: null,
  latestMeterWh: null, latestPowerW: null, latestSocPercent: null, latestMeterAt: null, ...o,
});
const request = (o: Partial<StopRequest> = {}): StopRequest =>
  ({ stationId: 1, transactionId: 11, meterStopWh: 4_000, stoppedAt, reason: null, idTag: 'DRIVER', ...o });
const facts = (o: Partial<StopFacts> = {}): StopFacts => ({ session: session(), stopTag: tag, ...o });
const summary = (d: ReturnType<typeof decideStopGroup>[number]) => [d.kind, d.authorization?.status ?? null];

describe('decideStopGroup', () => {
  it('decides a lone stop: the energy, and the tag Accepted with its own session aside', () => {
    expect(decideStopGroup([{ request: request(), facts: facts() }], now)).toEqual([{
      kind: 'stop', session: session(), authorization: { status: 'Accepted', expiryDate: null, parentIdTag: null },
      decision: { energyWh: 3_000, anomaly: null },
    }]);
  });

  it('answers a second stop of the session the group stops as a repeat', () => {
    const decided = decideStopGroup([{ request: request(), facts: facts() }, { request: request(), facts: facts() }], now);
    expect(decided.map(summary)).toEqual([['stop', 'Accepted'], ['already-stopped', 'Accepted']]);
  });

  it('answers a stop of a session stopped before as a repeat, and one of no session of ours as unknown', () => {
    const decided = decideStopGroup([
      { request: request(), facts: facts({ session: session({ stoppedAt }) }) },
      { request: request({ transactionId: 99 }), facts: facts({ session: null }) },
      { request: request({ transactionId: 98, idTag: null }), facts: facts({ session: null, stopTag: null }) },
    ], now);
    expect(decided.map(summary)).toEqual([['already-stopped', 'Accepted'], ['unknown-transaction', 'Accepted'], ['unknown-transaction', null]]);
  });

  it('answers each stop by its tag\'s own standing, never ConcurrentTx (OCPP 1.6 §7.2: only for a StartTransaction)', () => {
    const blocked: IdTag = { ...tag, status: 'Blocked' };
    const decided = decideStopGroup([
      { request: request(), facts: facts() },
      { request: request({ transactionId: 12 }), facts: facts({ session: session({ id: 12 }), stopTag: blocked }) },
      { request: request({ transactionId: 13, idTag: 'NOBODY' }), facts: facts({ session: session({ id: 13 }), stopTag: null }) },
    ], now);
    expect(decided.map(summary)).toEqual([['stop', 'Accepted'], ['stop', 'Blocked'], ['stop', 'Invalid']]);
  });

  it('records the meter anomaly as decideStop does', () => {
    const [d] = decideStopGroup([{ request: request({ meterStopWh: 500 }), facts: facts() }], now);
    expect(d).toMatchObject({ kind: 'stop', decision: { energyWh: null, anomaly: 'MeterWentBackwards' } });
  });
});
