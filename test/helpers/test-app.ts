// The real central system for a test file: its own database, port 0, logs captured in an array.
import { Writable } from 'node:stream';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/shared/logger.js';
import type { Clock } from '../../src/shared/clock.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/store/db.js';
import type { AutoRegistration } from '../../src/domain/stations.js';
import { createTestDatabase } from './test-database.js';

/** The ADMIN_TOKEN of every test app: the bootstrap admin. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-not-secret';

export interface TestAppOptions {
  /** OCPP_AUTO_REGISTER: true is 'accepted' and false 'off', as before the tri-state; 'off' unless given. */
  autoRegister?: AutoRegistration | boolean;
  /** OCPP_MAX_PENDING_STATIONS (100 unless given). */
  maxPendingStations?: number;
  heartbeatIntervalS?: number;
  offlineAfterS?: number;
  callTimeoutMs?: number;
  clock?: Clock;
  noShowGraceMs?: number;
  /** Per connection limits (OCPP_MAX_*); the production defaults unless given. */
  ocppLimits?: Partial<Pick<Config['ocpp'], 'maxMessageBytes' | 'maxQueuedCalls' | 'maxBadMessages' | 'maxConnections'>>;
  /** Failed logins per address (AUTH_*). By default far above what any test file refuses, so that only
   * the tests of the limit meet it. */
  authFailures?: Partial<Config['authFailures']>;
  /** The driver app's settings (sign-up open, 30-day tokens by default). */
  drivers?: Partial<Config['drivers']>;
  /** PUBLIC_URL (null: the request's own origin). */
  publicUrl?: string | null;
  /** A TLS listener on a port of its own (https + wss): PEM files, as TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE. */
  tls?: { certFile: string; keyFile: string; caFile: string | null };
  /** GET /metrics then wants this bearer token (METRICS_TOKEN); by default it is open. */
  metricsToken?: string;
  /** CPO_NAME, CP_CA_CERT_FILE, CP_CA_KEY_FILE: the CA that signs chargers' certificates; none unless given. */
  chargePointCa?: Config['chargePointCa'];
}

export interface TestApp extends App {
  database: Database;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
  /** Stops this central system and starts a new one on the same database and port (a restart). */
  restart(): Promise<TestApp>;
}

export async function startTestApp(o: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config: Pick<Config, 'port' | 'host' | 'ocpp' | 'shutdownGraceMs' | 'adminToken' | 'bookings' | 'authFailures'> = {
    bookings: { noShowGraceMs: o.noShowGraceMs ?? 15 * 60_000, jobIntervalS: 30 },
    port: 0,
    adminToken: TEST_ADMIN_TOKEN,
    host: '127.0.0.1',
    shutdownGraceMs: 2_000,
    ocpp: {
      autoRegister: o.autoRegister === true ? 'accepted' : o.autoRegister === false ? 'off' : o.autoRegister ?? 'off',
      maxPendingStations: o.maxPendingStations ?? 100,
      heartbeatIntervalS: o.heartbeatIntervalS ?? 300,
      offlineAfterS: o.offlineAfterS ?? 60,
      callTimeoutMs: o.callTimeoutMs ?? 5_000,
      maxMessageBytes: 262_144, maxQueuedCalls: 16, maxBadMessages: 20, maxConnections: null, ...o.ocppLimits,
    },
    authFailures: { limit: 10_000, windowMs: 60_000, blockMs: 300_000, ...o.authFailures },
  };
  const launch = (port = 0, tlsPort = 0) => startApp({
    config: { ...config, api: { checkResponses: true }, drivers: { signupOpen: true, tokenTtlS: 30 * 86_400, paymentProvider: 'test', invitationTtlS: 7 * 86_400, ...o.drivers }, publicUrl: o.publicUrl ?? null, port, tls: o.tls ? { ...o.tls, port: tlsPort } : null, metricsToken: o.metricsToken ?? null, chargePointCa: o.chargePointCa ?? null }, database: testDb.database, log: createLogger('debug', sink), scheduleJobs: false, ...(o.clock ? { clock: o.clock } : {}),
  });
  const wrap = (app: App): TestApp => ({
    ...app,
    database: testDb.database,
    logs,
    async stop() {
      await app.close();
      await testDb.drop();
    },
    async restart() {
      await app.close();
      return wrap(await launch(app.port, app.tlsUrl ? Number(new URL(app.tlsUrl).port) : 0));
    },
  });
  return wrap(await launch().catch(async (err: unknown) => { await testDb.drop(); throw err; }));
}
