// Configuration: config/default.json, overridden key by key by the environment, validated once at start.
// A bad value stops the process with a message that names the key.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { AutoRegistration } from './domain/stations.js';

const seconds = z.coerce.number().int().positive();
const flag = z.union([
  z.boolean(),
  z.enum(['true', '1', 'false', '0'], { error: 'must be true or false' }).transform((v) => v === 'true' || v === '1'),
], { error: 'must be true or false' });
// false | pending | true; the old boolean spellings (true/false, 1/0) keep their meaning.
const autoRegistration = z.union([
  z.boolean().transform((v): AutoRegistration => (v ? 'accepted' : 'off')),
  z.enum(['false', '0', 'pending', 'true', '1'], { error: 'must be false, pending or true' })
    .transform((v): AutoRegistration => (v === 'pending' ? 'pending' : v === 'true' || v === '1' ? 'accepted' : 'off')),
], { error: 'must be false, pending or true' });

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().min(1),
  DATABASE_URL: z.string().refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL or empty'),
  DATA_DIR: z.string().min(1),
  ADMIN_TOKEN: z.string(),
  METRICS_TOKEN: z.string(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  // auto: readable lines on a terminal, JSON lines otherwise (shared/logger.ts).
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']),
  OCPP_AUTO_REGISTER: autoRegistration,
  // Each pending charger is a row a stranger made: past this many, an unknown charger is refused at the handshake.
  OCPP_MAX_PENDING_STATIONS: z.coerce.number().int().positive(),
  OCPP_HEARTBEAT_INTERVAL_S: seconds,
  OCPP_OFFLINE_AFTER_S: seconds,
  OCPP_CALL_TIMEOUT_S: seconds,
  SHUTDOWN_GRACE_S: seconds,
  BOOKING_NO_SHOW_GRACE_MIN: z.coerce.number().int().min(1).max(24 * 60),
  BOOKING_JOB_INTERVAL_S: z.coerce.number().int().min(1).max(59),
  // Site load management (issue 17): how often every site is re-balanced for changes in measured draw; starts,
  // stops and changes re-balance at once.
  LOAD_BALANCE_INTERVAL_S: z.coerce.number().int().min(1).max(3600),
  // Abuse limits (README "Abuse limits"; ocpp/connection-limits.ts, ocpp/handshake-limit.ts, api/login-limit.ts).
  OCPP_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024),
  OCPP_MAX_QUEUED_CALLS: z.coerce.number().int().min(0),
  OCPP_MAX_BAD_MESSAGES: z.coerce.number().int().min(0),
  // Chargers one process holds at most; 0: as many as its open-files limit leaves room for (ocpp/connection-capacity.ts).
  OCPP_MAX_CONNECTIONS: z.coerce.number().int().min(0),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().positive(),
  AUTH_FAILURE_WINDOW_S: seconds,
  AUTH_BLOCK_S: seconds,
  // 0 or empty: no TLS listener. The files are read and checked at start (src/tls.ts).
  TLS_PORT: z.coerce.number().int().min(0).max(65535),
  TLS_CERT_FILE: z.string(),
  TLS_KEY_FILE: z.string(),
  TLS_CA_FILE: z.string(),
  // The charge-point CA (security whitepaper, SignCertificate): chargers' certificates are signed with it, and the
  // TLS listener trusts it for client certificates (profile 3). Empty: SignCertificate is answered Rejected.
  CPO_NAME: z.string().max(64),
  CP_CA_CERT_FILE: z.string(),
  CP_CA_KEY_FILE: z.string(),
  // Cluster mode (issue 15, README "Running several nodes"): NATS_URL set turns it on.
  NATS_URL: z.string().refine((v) => v === '' || /^(nats|tls|wss?):\/\//.test(v), 'must be a nats:// URL or empty'),
  // Prefixes every subject, stream and bucket, so several clusters share one NATS server unseen by each other.
  CLUSTER_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (it is part of NATS subjects)'),
  // Empty: host and pid.
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{0,100}$/, 'letters, digits, _, . and - only'),
  EVENT_RETENTION_H: z.coerce.number().int().min(1).max(24 * 365),
  // Comma-separated addresses or CIDR blocks whose X-Forwarded-For / X-Forwarded-Proto are believed.
  TRUSTED_PROXIES: z.string(),
  // Worker processes sharing the port on this host (node:cluster), each a full cluster node.
  WORKERS: z.coerce.number().int().min(1).max(256),
  // Every JSON answer of the staff API checked against its documented response schema (api/response-check.ts);
  // the test suite turns it on. A mismatch is a 500 ResponseSchemaMismatch, so not for production.
  API_CHECK_RESPONSES: flag,
  // Drivers (issue 19): whether anyone may sign up in the app (false: staff invite them), how long a driver
  // token lives, and the card payment provider (test: the one shipped, whose test tokens choose the outcome).
  DRIVER_SIGNUP: flag,
  DRIVER_TOKEN_TTL_S: seconds.max(365 * 86_400),
  PAYMENT_PROVIDER: z.enum(['test'], { error: 'PAYMENT_PROVIDER must be test (the only provider shipped)' }),
  // How long a staff invitation to the app stays valid.
  DRIVER_INVITATION_TTL_S: seconds.max(90 * 86_400),
  // The address drivers reach this central system at (https://charge.example.com), for the links it hands out: the
  // connector QR codes and the app invitations. Empty: the address the request came to (behind a proxy, with
  // X-Forwarded-Proto and Host from TRUSTED_PROXIES).
  PUBLIC_URL: z.string().refine((v) => v === '' || /^https?:\/\/[^/?#]+$/.test(v), 'must be an http(s)://host[:port] origin with no path, or empty'),
}).strict().superRefine((c, ctx) => {
  if (c.NATS_URL && !c.DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['NATS_URL'], message: 'cluster mode needs DATABASE_URL: every node must share one PostgreSQL server, and the embedded database lives inside one process' });
  }
  if (c.WORKERS > 1 && !c.NATS_URL) {
    ctx.addIssue({ code: 'custom', path: ['WORKERS'], message: 'more than one worker needs NATS_URL (and DATABASE_URL): each worker is a cluster node' });
  }
  checkChargePointCa(c, ctx);
  if (c.TLS_PORT === 0) return;
  if (c.TLS_PORT === c.PORT) ctx.addIssue({ code: 'custom', path: ['TLS_PORT'], message: 'must differ from PORT' });
  for (const key of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when TLS_PORT is set' });
  }
});

export type RawConfig = z.infer<typeof ConfigSchema>;

/** The two CA files go together, and the CSR check needs the organisation name they sign for (whitepaper: O = CpoName). */
function checkChargePointCa(c: Pick<RawConfig, 'CPO_NAME' | 'CP_CA_CERT_FILE' | 'CP_CA_KEY_FILE'>, ctx: z.RefinementCtx): void {
  if (!c.CP_CA_CERT_FILE && !c.CP_CA_KEY_FILE) return;
  for (const key of ['CP_CA_CERT_FILE', 'CP_CA_KEY_FILE'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'CP_CA_CERT_FILE and CP_CA_KEY_FILE go together' });
  }
  if (!c.CPO_NAME.trim()) ctx.addIssue({ code: 'custom', path: ['CPO_NAME'], message: 'required with CP_CA_CERT_FILE: a CSR\'s organisation (O) must be it' });
}

export interface Config {
  port: number;
  host: string;
  database: { url: string | null; dataDir: string };
  adminToken: string | null;
  /** GET /metrics wants this bearer token; null: open (api/probes.ts). */
  metricsToken: string | null;
  logLevel: RawConfig['LOG_LEVEL'];
  logFormat: RawConfig['LOG_FORMAT'];
  ocpp: {
    autoRegister: AutoRegistration; maxPendingStations: number; heartbeatIntervalS: number; offlineAfterS: number; callTimeoutMs: number;
    maxMessageBytes: number; maxQueuedCalls: number; maxBadMessages: number;
    /** null: what the open-files limit leaves room for. */
    maxConnections: number | null;
  };
  /** Failed OCPP handshakes and API logins per remote address (each side counts its own). */
  authFailures: { limit: number; windowMs: number; blockMs: number };
  shutdownGraceMs: number;
  bookings: { noShowGraceMs: number; jobIntervalS: number };
  loadBalancing: { intervalS: number };
  /** The second listener (https + wss); null when TLS_PORT is 0. caFile null: no client certificates asked. */
  tls: TlsConfig | null;
  /** The charge-point CA that signs chargers' certificates (SignCertificate); null: none, SignCertificate is Rejected. */
  chargePointCa: ChargePointCaConfig | null;
  /** null: one process, as always; set: this process is one node of a cluster (src/cluster/). */
  cluster: ClusterConfig | null;
  /** Addresses and CIDR blocks of the proxies whose X-Forwarded-* headers are believed; empty: none. */
  trustedProxies: string[];
  /** Worker processes on this host (WORKERS); 1: this process serves itself. */
  workers: number;
  /** API_CHECK_RESPONSES: each staff API answer checked against /api/openapi.json's response schema. */
  api: { checkResponses: boolean };
  /** The driver app's accounts (DRIVER_SIGNUP, DRIVER_TOKEN_TTL_S) and card payments (PAYMENT_PROVIDER). */
  drivers: { signupOpen: boolean; tokenTtlS: number; paymentProvider: 'test'; invitationTtlS: number };
  /** PUBLIC_URL: the origin of the links handed out (QR codes, invitations); null: the request's own. */
  publicUrl: string | null;
}

export interface ClusterConfig {
  natsUrl: string;
  name: string;
  nodeId: string;
  eventRetentionH: number;
}

export interface TlsConfig { port: number; certFile: string; keyFile: string; caFile: string | null }

export interface ChargePointCaConfig { cpoName: string; certFile: string; keyFile: string }

export class ConfigError extends Error {}

const defaultsPath = new URL('../config/default.json', import.meta.url);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RawConfig> = {}): Config {
  const defaults = JSON.parse(readFileSync(defaultsPath, 'utf8')) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(ConfigSchema.shape)) {
    if (env[key] !== undefined) merged[key] = env[key];
  }
  Object.assign(merged, overrides);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return toConfig(parsed.data);
}

function toConfig(raw: RawConfig): Config {
  return {
    port: raw.PORT,
    host: raw.HOST,
    database: { url: raw.DATABASE_URL || null, dataDir: raw.DATA_DIR },
    adminToken: raw.ADMIN_TOKEN || null,
    metricsToken: raw.METRICS_TOKEN || null,
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT,
    ocpp: {
      autoRegister: raw.OCPP_AUTO_REGISTER,
      maxPendingStations: raw.OCPP_MAX_PENDING_STATIONS,
      heartbeatIntervalS: raw.OCPP_HEARTBEAT_INTERVAL_S,
      offlineAfterS: raw.OCPP_OFFLINE_AFTER_S,
      callTimeoutMs: raw.OCPP_CALL_TIMEOUT_S * 1000,
      maxMessageBytes: raw.OCPP_MAX_MESSAGE_BYTES,
      maxQueuedCalls: raw.OCPP_MAX_QUEUED_CALLS,
      maxBadMessages: raw.OCPP_MAX_BAD_MESSAGES,
      maxConnections: raw.OCPP_MAX_CONNECTIONS || null,
    },
    authFailures: { limit: raw.AUTH_FAILURE_LIMIT, windowMs: raw.AUTH_FAILURE_WINDOW_S * 1000, blockMs: raw.AUTH_BLOCK_S * 1000 },
    shutdownGraceMs: raw.SHUTDOWN_GRACE_S * 1000,
    bookings: { noShowGraceMs: raw.BOOKING_NO_SHOW_GRACE_MIN * 60_000, jobIntervalS: raw.BOOKING_JOB_INTERVAL_S },
    loadBalancing: { intervalS: raw.LOAD_BALANCE_INTERVAL_S },
    tls: raw.TLS_PORT === 0 ? null
      : { port: raw.TLS_PORT, certFile: raw.TLS_CERT_FILE, keyFile: raw.TLS_KEY_FILE, caFile: raw.TLS_CA_FILE || null },
    chargePointCa: raw.CP_CA_CERT_FILE
      ? { cpoName: raw.CPO_NAME.trim(), certFile: raw.CP_CA_CERT_FILE, keyFile: raw.CP_CA_KEY_FILE } : null,
    cluster: raw.NATS_URL
      ? { natsUrl: raw.NATS_URL, name: raw.CLUSTER_NAME, nodeId: raw.NODE_ID || `${hostname()}-${process.pid}`, eventRetentionH: raw.EVENT_RETENTION_H }
      : null,
    trustedProxies: raw.TRUSTED_PROXIES.split(',').map((a) => a.trim()).filter(Boolean),
    workers: raw.WORKERS,
    api: { checkResponses: raw.API_CHECK_RESPONSES },
    drivers: { signupOpen: raw.DRIVER_SIGNUP, tokenTtlS: raw.DRIVER_TOKEN_TTL_S, paymentProvider: raw.PAYMENT_PROVIDER, invitationTtlS: raw.DRIVER_INVITATION_TTL_S },
    publicUrl: raw.PUBLIC_URL || null,
  };
}
