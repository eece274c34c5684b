// Presence's rules (cluster/presence.ts Holds): the newest connection (the higher id, one sequence) wins whatever
// order the nodes' events arrive in, and an offline drops a station only when it is the connection held.
import { describe, expect, it } from 'vitest';
import { Holds } from '../../../src/cluster/presence.js';
import { beatTimings } from '../../../src/cluster/node-beats.js';

describe('Holds', () => {
  it('a replaced connection closing after its successor opened leaves the successor held', () => {
    const holds = new Holds();
    holds.online(7, { connectionId: 10 });
    holds.online(7, { connectionId: 11 });
    holds.offline(7, 10);
    expect(holds.get(7)).toEqual({ connectionId: 11 });
    holds.offline(7, 11);
    expect(holds.get(7)).toBeUndefined();
  });

  it('an older connection\'s online arriving late does not displace the newer one', () => {
    const holds = new Holds();
    holds.online(7, { connectionId: 11 });
    holds.online(7, { connectionId: 10 });
    expect(holds.get(7)).toEqual({ connectionId: 11 });
  });

  it('an offline of a connection never held changes nothing', () => {
    const holds = new Holds();
    holds.offline(7, 10);
    holds.online(8, { connectionId: 12 });
    holds.offline(8, 3);
    expect([holds.get(7), holds.get(8)]).toEqual([undefined, { connectionId: 12 }]);
  });
});

describe('beatTimings', () => {
  it.each([[4, 1_000, 3_000], [60, 15_000, 45_000], [2, 1_000, 2_000]])(
    'OCPP_OFFLINE_AFTER_S %i: a beat every %i ms, dead after %i ms', (offlineAfterS, beatMs, deadAfterMs) => {
      const t = beatTimings(offlineAfterS);
      expect(t).toEqual({ beatMs, deadAfterMs });
      // The sweep runs with each beat: a dead node is found at most one beat after it counts as dead.
      if (offlineAfterS >= 4) expect(t.deadAfterMs + t.beatMs).toBeLessThanOrEqual(offlineAfterS * 1000);
    });
});
