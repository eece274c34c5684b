// GET /api/stations/{id}/security-events: a charger's security events for staff, newest first and paged as the
// command log; any role reads them; an unknown or malformed id is refused naming stationId; in the OpenAPI document.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

let app: TestApp;
let viewer: string;
beforeAll(async () => {
  app = await startTestApp();
  viewer = await aToken(app, 'viewer');
});
afterEach(closeChargers);
afterAll(() => app.stop());

const list = (path: string, token: string | null = viewer) => api(app, token).get(path);

describe('GET /stations/{id}/security-events', () => {
  it('lists the events newest first by the charger\'s time, paged, for a viewer', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    // Sent out of order: the list orders by when the events happened, not when they arrived.
    for (const [type, minute] of [['InvalidMessages', '02'], ['AttemptedReplayAttacks', '01'], ['InvalidTLSVersion', '03']] as const) {
      await cp.call('SecurityEventNotification', { type, timestamp: `2026-12-03T08:${minute}:00Z` });
    }

    const all = await list(`/stations/${station.id}/security-events`);
    expect(all.status).toBe(200);
    expect(all.body.map((e: { type: string }) => e.type)).toEqual(['InvalidTLSVersion', 'InvalidMessages', 'AttemptedReplayAttacks']);
    const page = await list(`/stations/${station.id}/security-events?limit=1&offset=1`);
    expect(page).toMatchObject({ status: 200, body: [{ type: 'InvalidMessages', occurredAt: '2026-12-03T08:02:00.000Z' }] });
    expect(page.body).toHaveLength(1);
  });

  it('is an empty list for a station that reported none, and only its own', async () => {
    const quiet = await aStation(app.services);
    const loud = await aStation(app.services);
    const cp = await bootedCharger(app, loud.chargeBoxId, { meterIntervalMs: 0 });
    await cp.call('SecurityEventNotification', { type: 'InvalidMessages', timestamp: new Date().toISOString() });
    expect(await list(`/stations/${quiet.id}/security-events`)).toEqual({ status: 200, body: [] });
    expect((await list(`/stations/${loud.id}/security-events`)).body).toHaveLength(1);
  });

  it('is a 404 naming stationId for a station that does not exist', async () => {
    const res = await list('/stations/2000000000/security-events');
    expect(res).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'stationId' } } });
    expect(res.body.message).toContain('2000000000');
  });

  it.each(['abc', '1.5', '0', '-3'])('is a 400 naming stationId for the id %j', async (id) => {
    expect(await list(`/stations/${id}/security-events`))
      .toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'stationId', in: 'path' }] } } });
  });

  it.each(['limit=0', 'limit=501', 'limit=ten', 'offset=-1', 'order=asc'])('is a 400 for the query %s', async (query) => {
    const station = await aStation(app.services);
    expect((await list(`/stations/${station.id}/security-events?${query}`)).status).toBe(400);
  });

  it('is a 401 without a token', async () => {
    const station = await aStation(app.services);
    expect((await list(`/stations/${station.id}/security-events`, null)).status).toBe(401);
  });

  it('is in the OpenAPI document, readable by a viewer', async () => {
    const doc = (await list('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const path = Object.keys(doc.paths).find((p) => p.endsWith('/stations/{stationId}/security-events'));
    expect(path).toBeDefined();
    expect(doc.paths[path!]).toHaveProperty('get');
  });
});
