import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

/** json: one JSON object a line, for machines and the tests; pretty: one readable line, for an operator. */
export type LogFormat = 'json' | 'pretty';

// Secrets never reach the logs (STYLE.md habit 10): a key below is redacted at the top of a log line and one
// or two levels down (`req.headers.authorization`, `handshake.headers.authorization`), and the event stream's
// ?access_token= is cut out of any logged string that carries a URL.
const SECRET_KEYS = [
  'password', 'passwordHash', 'authKey', 'authorizationKey', 'token', 'accessToken', 'access_token',
  'authorization', 'cookie',
];
const redact = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const ACCESS_TOKEN_IN_URL = /([?&]access_token=)[^&#\s]*/gi;

/**
 * The key the operator lines (observability/activity-log.ts) keep their facts under: JSON carries them for
 * machines, the pretty console hides them, as the message already says it all.
 */
export const ACTIVITY_KEY = 'activity';

function withoutUrlSecrets(text: string): string {
  return text.replace(ACCESS_TOKEN_IN_URL, '$1[Redacted]');
}

// A ChangeConfiguration payload carries an AuthorizationKey as `{ key: 'AuthorizationKey', value }`: a path
// cannot name that value, so any such pair logged (a payload, params, a request, two levels deep) is cut here.
const AUTHORIZATION_KEY_NAME = /^authorizationkey$/i;

function withoutAuthorizationKey(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 2) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.key === 'string' && AUTHORIZATION_KEY_NAME.test(record.key) && 'value' in record) {
    return { ...record, value: '[Redacted]' };
  }
  let changed: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(record)) {
    const scrubbed = withoutAuthorizationKey(v, depth + 1);
    if (scrubbed !== v) (changed ??= { ...record })[k] = scrubbed;
  }
  return changed ?? record;
}

function scrubUrls(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === 'string' && value.includes('access_token=') ? withoutUrlSecrets(value) : withoutAuthorizationKey(value, 1);
  }
  return out;
}

/** LOG_FORMAT=auto: readable on a terminal, JSON when piped to a file, a collector or a test. */
export function resolveLogFormat(setting: 'auto' | LogFormat, stdoutIsTty: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * pino-pretty in-process, after pino has redacted and serialised the line, so redaction holds in both formats.
 * Local time with its offset, one line per entry (an error's stack still spans lines).
 */
function prettyStream(destination?: DestinationStream): DestinationStream {
  return pretty({
    translateTime: "SYS:yyyy-mm-dd'T'HH:MM:ss.lo",
    ignore: `pid,hostname,service,${ACTIVITY_KEY}`,
    singleLine: true,
    sync: true,
    ...(destination && { destination }),
  });
}

export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const out = format === 'pretty' ? prettyStream(destination) : destination;
  return pino({ level, redact, formatters: { log: scrubUrls }, base: { service: 'chargesync' } }, out);
}
