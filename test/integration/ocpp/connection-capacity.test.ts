// A node at its capacity of chargers (ocpp/connection-capacity.ts; OCPP_MAX_CONNECTIONS, or what the open-files
// limit leaves room for): one more charger's handshake is answered 503 with Retry-After before anything is
// looked up or written, and a charger that leaves makes room for the next.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { closeChargers, connectedCharger } from '../../helpers/charger.js';
import { upgrade } from '../../helpers/upgrade.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ ocppLimits: { maxConnections: 2 } }); });
afterEach(async () => {
  await closeChargers();
  // The server sees each socket close a moment after the client: the next test starts with every place free.
  await waitFor(() => app.ocpp.capacity.inUse === 0);
});
afterAll(() => app.stop());

const refusals = () => app.logs.filter((l) => l.msg === 'at capacity: chargers refused with 503');

describe('a node at its capacity of chargers', () => {
  it('says its capacity at start', () => {
    expect(app.logs.find((l) => l.msg === 'OCPP connections: capacity')).toMatchObject({ chargers: 2 });
  });

  it('refuses one more with 503 and Retry-After, writing nothing, and lets it in once a charger has left', async () => {
    const [a, b, c] = await Promise.all([aStation(app.services), aStation(app.services), aStation(app.services)]);
    const first = await connectedCharger(app, a.chargeBoxId);
    await connectedCharger(app, b.chargeBoxId);

    const refused = await upgrade(app, c.chargeBoxId);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body).toContain('maximum of 2 chargers');
    expect(await app.services.stations.listConnections(c.id)).toEqual([]);
    expect(refusals()).toEqual([expect.objectContaining({ capacity: 2, refused: 1 })]);

    await first.close();
    // The socket's close frees its place; the next handshake is admitted.
    expect(await waitFor(async () => ((await upgrade(app, c.chargeBoxId)).status === 101 ? true : undefined))).toBe(true);
    expect(await waitFor(async () => (await app.services.stations.listConnections(c.id)).length === 1 || undefined)).toBe(true);
  });

  it('counts a handshake refused for another reason only while its socket is open', async () => {
    const unknown = 'NOT-A-STATION';
    for (let i = 0; i < 5; i++) expect((await upgrade(app, unknown)).status).toBe(404);
    const [a, b] = await Promise.all([aStation(app.services), aStation(app.services)]);
    // Each would throw on a 503.
    await connectedCharger(app, a.chargeBoxId);
    await connectedCharger(app, b.chargeBoxId);
    expect(app.ocpp.capacity.inUse).toBe(2);
  });
});
