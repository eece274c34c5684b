// Configuration: config/default.json, overridden key by key by the environment, validated once at start.
// A bad value stops the process with a message that names the key.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const boolFromEnv = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const seconds = z.coerce.number().int().positive();

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().min(1),
  DATABASE_URL: z.string().refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL or empty'),
  DATA_DIR: z.string().min(1),
  ADMIN_TOKEN: z.string(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  OCPP_AUTO_REGISTER: boolFromEnv,
  OCPP_HEARTBEAT_INTERVAL_S: seconds,
  OCPP_OFFLINE_AFTER_S: seconds,
  OCPP_CALL_TIMEOUT_S: seconds,
  SHUTDOWN_GRACE_S: seconds,
  BOOKING_NO_SHOW_GRACE_MIN: z.coerce.number().int().min(1).max(24 * 60),
  BOOKING_JOB_INTERVAL_S: z.coerce.number().int().min(1).max(59),
}).strict();

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  database: { url: string | null; dataDir: string };
  adminToken: string | null;
  logLevel: RawConfig['LOG_LEVEL'];
  ocpp: { autoRegister: boolean; heartbeatIntervalS: number; offlineAfterS: number; callTimeoutMs: number };
  shutdownGraceMs: number;
  bookings: { noShowGraceMs: number; jobIntervalS: number };
}

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
    logLevel: raw.LOG_LEVEL,
    ocpp: {
      autoRegister: raw.OCPP_AUTO_REGISTER,
      heartbeatIntervalS: raw.OCPP_HEARTBEAT_INTERVAL_S,
      offlineAfterS: raw.OCPP_OFFLINE_AFTER_S,
      callTimeoutMs: raw.OCPP_CALL_TIMEOUT_S * 1000,
    },
    shutdownGraceMs: raw.SHUTDOWN_GRACE_S * 1000,
    bookings: { noShowGraceMs: raw.BOOKING_NO_SHOW_GRACE_MIN * 60_000, jobIntervalS: raw.BOOKING_JOB_INTERVAL_S },
  };
}
