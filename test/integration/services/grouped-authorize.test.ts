// Authorize in groups (issue 14, services/id-tags.ts): many chargers asking at once are answered as if one by
// one, each tag by its own facts, in fewer statements than one per Authorize.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aStation, anIdTag, randomIdTag } from '../../helpers/seed.js';
import { countStatements, type StatementCounter } from '../../helpers/statement-counter.js';
import { at } from '../../helpers/transaction-frames.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
let counter: StatementCounter;
beforeAll(async () => { app = await startTestApp(); counter = countStatements(app); });
afterEach(closeChargers);
afterAll(async () => { counter.detach(); await app.stop(); });

async function chargers(n: number): Promise<ChargePoint[]> {
  return Promise.all(Array.from({ length: n }, async () => bootedCharger(app, (await aStation(app.services)).chargeBoxId)));
}

describe('Authorize in groups', () => {
  it('answers 40 chargers asking at once each by its own tag, in fewer statements than one per Authorize', async () => {
    const cps = await chargers(40);
    const [blocked, charging, shared] = [
      await anIdTag(app.services, { status: 'Blocked' }), await anIdTag(app.services), await anIdTag(app.services),
    ];
    await cps[0]!.call('StartTransaction', { connectorId: 1, idTag: charging, meterStart: 0, timestamp: at(0) });
    const tags = await Promise.all(cps.map(async (_, i) => {
      switch (i % 8) {
        case 1: return randomIdTag();
        case 2: return blocked;
        case 3: return charging;
        case 4: return shared;
        case 5: return shared.toLowerCase(); // the same tag without regard to case (OCPP 1.6 §2.2)
        default: return anIdTag(app.services);
      }
    }));
    // The charging tag too is Accepted: ConcurrentTx is for StartTransaction alone (OCPP 1.6 §7.2).
    const expected = tags.map((_, i) => ({ 1: 'Invalid', 2: 'Blocked' } as Record<number, string>)[i % 8] ?? 'Accepted');

    counter.reset();
    const answers = await Promise.all(cps.map((cp, i) => cp.call('Authorize', { idTag: tags[i]! })));
    const { statements, sql } = counter.take();

    expect(answers.map((a) => a.idTagInfo.status)).toEqual(expected);
    // Alone, each Authorize is one read (round-trips.test.ts).
    expect(statements, sql.map((q) => q.slice(0, 40)).join('\n')).toBeLessThan(40);
    // Nothing is written: the tags stay as they were, the charging one charging.
    expect((await app.services.idTags.find(blocked))?.status).toBe('Blocked');
    expect(await app.services.sessions.list({ state: 'active' })).toMatchObject([{ idTag: charging }]);
  });
});
