// TRUSTED_PROXIES (issue 15, "One address"): behind a proxy this process trusts, X-Forwarded-For is the client's
// address (the connection record, the handshake limit, the API's login limit and their logs) and
// X-Forwarded-Proto https counts as TLS for security profile 2; from any other peer the same headers change
// nothing. The test's sockets come from 127.0.0.1, so it is the proxy in one app and a stranger in the other.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../../src/app.js';
import { createLogger } from '../../../src/shared/logger.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { TEST_ADMIN_TOKEN } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { basicAuth, closeChargers, RawSocket } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';

interface ProxiedApp { app: App; logs: Array<Record<string, unknown>>; stop(): Promise<void> }

/** The central system with TRUSTED_PROXIES, and a low failure limit (2) to see whose address is counted. */
async function startProxiedApp(trustedProxies: string[]): Promise<ProxiedApp> {
  const testDb: TestDatabase = await createTestDatabase();
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await startApp({
    config: {
      port: 0, host: '127.0.0.1', adminToken: TEST_ADMIN_TOKEN, shutdownGraceMs: 2_000, trustedProxies,
      bookings: { noShowGraceMs: 15 * 60_000, jobIntervalS: 30 },
      ocpp: {
        autoRegister: 'off', maxPendingStations: 100, heartbeatIntervalS: 300, offlineAfterS: 60, callTimeoutMs: 5_000,
        maxMessageBytes: 262_144, maxQueuedCalls: 16, maxBadMessages: 20, maxConnections: null,
      },
      authFailures: { limit: 2, windowMs: 60_000, blockMs: 300_000 },
      api: { checkResponses: true },
    },
    database: testDb.database, log: createLogger('debug', sink), scheduleJobs: false,
  });
  return { app, logs, async stop() { await app.close(); await testDb.drop(); } };
}

const forwarded = (forwardedFor: string, proto?: string): Record<string, string> =>
  ({ 'x-forwarded-for': forwardedFor, ...(proto ? { 'x-forwarded-proto': proto } : {}) });

async function recordedAddress(app: App, stationId: number): Promise<string | null> {
  const [conn] = await waitFor(async () => {
    const list = await app.services.stations.listConnections(stationId);
    return list.length > 0 ? list : undefined;
  });
  return conn!.remoteAddress;
}

/** A station of the given security profile, with the password the API made for it. */
async function registeredStation(app: App, securityProfile: 1 | 2): Promise<{ id: number; chargeBoxId: string; password: string }> {
  const chargeBoxId = randomChargeBoxId();
  const res = await api(app).post('/stations', { chargeBoxId, securityProfile });
  if (res.status !== 201) throw new Error(`could not register a station: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, chargeBoxId, password: res.body.password };
}

/** A failed API login (a wrong bearer token) as the given forwarded client: its status. */
const listStations = (app: App, forwardedFor: string) =>
  fetch(`${app.url}/api/stations`, { headers: { authorization: 'Bearer not-a-token', ...forwarded(forwardedFor) } }).then((r) => r.status);

let trusted: ProxiedApp;
let untrusted: ProxiedApp;
beforeAll(async () => {
  trusted = await startProxiedApp(['127.0.0.1', '10.0.0.0/8']);
  untrusted = await startProxiedApp(['10.0.0.0/8']);
});
afterEach(closeChargers);
afterAll(async () => { await trusted?.stop(); await untrusted?.stop(); });

describe('behind a trusted proxy', () => {
  it("records the right-most untrusted X-Forwarded-For as the charger's address", async () => {
    const station = await registeredStation(trusted.app, 1);
    await RawSocket.open(trusted.app, station.chargeBoxId, {
      headers: { ...basicAuth(station.chargeBoxId, station.password), ...forwarded('6.6.6.6, 203.0.113.7, 10.1.1.1') },
    });
    expect(await recordedAddress(trusted.app, station.id)).toBe('203.0.113.7');
  });

  it('lets a profile 2 charger in over plain ws when the proxy says https, and only then', async () => {
    const station = await registeredStation(trusted.app, 2);
    const auth = basicAuth(station.chargeBoxId, station.password);
    expect(await RawSocket.refusal(trusted.app, station.chargeBoxId, { headers: { ...auth, ...forwarded('203.0.113.8', 'http') } })).toBe(403);
    expect(await RawSocket.refusal(trusted.app, station.chargeBoxId, { headers: { ...auth, ...forwarded('203.0.113.8', 'https') } })).toBe(101);
    // The password is still checked behind the proxy.
    expect(await RawSocket.refusal(trusted.app, station.chargeBoxId,
      { headers: { ...basicAuth(station.chargeBoxId, 'wrong'), ...forwarded('203.0.113.9', 'https') } })).toBe(401);
  });

  it('counts refused handshakes per forwarded address: one charger blocked, its neighbour behind the proxy not', async () => {
    const unknown = randomChargeBoxId();
    for (let i = 0; i < 2; i++) expect(await RawSocket.refusal(trusted.app, unknown, { headers: forwarded('203.0.113.20') })).toBe(404);
    expect(await RawSocket.refusal(trusted.app, unknown, { headers: forwarded('203.0.113.20') })).toBe(429);
    expect(await RawSocket.refusal(trusted.app, unknown, { headers: forwarded('203.0.113.21') })).toBe(404);
    expect(trusted.logs.filter((l) => l.msg === 'handshake refused' && l.chargeBoxId === unknown).map((l) => l.remoteAddress))
      .toEqual(['203.0.113.20', '203.0.113.20', '203.0.113.21']);
  });

  it('counts failed API logins per forwarded address, and logs that address', async () => {
    for (let i = 0; i < 2; i++) expect(await listStations(trusted.app, '203.0.113.30')).toBe(401);
    expect(await listStations(trusted.app, '203.0.113.30')).toBe(429);
    expect(await listStations(trusted.app, '203.0.113.31')).toBe(401);
    expect(trusted.logs.filter((l) => l.msg === 'API login failed').map((l) => l.remoteAddress))
      .toEqual(['203.0.113.30', '203.0.113.30', '203.0.113.31']);
  });
});

describe('from a peer that is not a trusted proxy, the same headers change nothing', () => {
  it("records the TCP peer's address", async () => {
    const station = await registeredStation(untrusted.app, 1);
    await RawSocket.open(untrusted.app, station.chargeBoxId, {
      headers: { ...basicAuth(station.chargeBoxId, station.password), ...forwarded('203.0.113.7') },
    });
    expect(await recordedAddress(untrusted.app, station.id)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('refuses a profile 2 charger over plain ws whatever X-Forwarded-Proto says', async () => {
    const station = await registeredStation(untrusted.app, 2);
    const headers = { ...basicAuth(station.chargeBoxId, station.password), ...forwarded('203.0.113.8', 'https') };
    expect(await RawSocket.refusal(untrusted.app, station.chargeBoxId, { headers })).toBe(403);
  });

  it('counts failed API logins against the peer, whatever address the header claims', async () => {
    expect(await listStations(untrusted.app, '203.0.113.30')).toBe(401);
    expect(await listStations(untrusted.app, '203.0.113.31')).toBe(401);
    expect(await listStations(untrusted.app, '203.0.113.32')).toBe(429);
    expect(untrusted.logs.filter((l) => l.msg === 'API login failed').map((l) => l.remoteAddress))
      .toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/), expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
  });
});
