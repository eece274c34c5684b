// Critical security events of one station arriving at once (a charger flushing its queue, two connections in a
// reconnect): the station's row lock decides them one after the other, so one issue per type opens. On the
// embedded database transactions already run one at a time; against PostgreSQL (DATABASE_URL) this is the race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(() => app.stop());

describe('securityEvents.record, concurrently', () => {
  it('opens one issue for eight critical events of one type, and links every event to it', async () => {
    const station = await aStation(app.services);
    // Every pooled connection open first, so that the eight transactions overlap rather than queue for connects.
    await Promise.all(Array.from({ length: 10 }, () => app.services.securityEvents.list(station.id)));
    const events = await Promise.all(Array.from({ length: 8 }, (_, i) => app.services.securityEvents.record(station.id, {
      type: 'TamperDetectionActivated', techInfo: `sensor ${i}`, occurredAt: new Date(Date.now() - i * 1000),
    })));

    const issues = await app.services.issues.list({ stationId: station.id });
    expect(issues).toHaveLength(1);
    expect(new Set(events.map((e) => e.issueId))).toEqual(new Set([issues[0]!.id]));
    expect(await app.services.securityEvents.list(station.id)).toHaveLength(8);
  });

  it('is NotFound naming stationId for a station that does not exist, storing nothing', async () => {
    await expect(app.services.securityEvents.record(2_000_000_000, { type: 'MemoryExhaustion', techInfo: null, occurredAt: new Date() }))
      .rejects.toMatchObject({ code: 'NotFound', details: { field: 'stationId' } });
  });
});
