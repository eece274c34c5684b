import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

// Secrets never reach the logs (STYLE.md habit 10): a key below is redacted at the top of a log line and one
// or two levels down (`req.headers.authorization`, `handshake.headers.authorization`), and the event stream's
// ?access_token= is cut out of any logged string that carries a URL.
const SECRET_KEYS = [
  'password', 'passwordHash', 'authKey', 'authorizationKey', 'token', 'accessToken', 'access_token',
  'authorization', 'cookie',
];
const redact = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const ACCESS_TOKEN_IN_URL = /([?&]access_token=)[^&#\s]*/gi;

function withoutUrlSecrets(text: string): string {
  return text.replace(ACCESS_TOKEN_IN_URL, '$1[Redacted]');
}

function scrubUrls(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === 'string' && value.includes('access_token=') ? withoutUrlSecrets(value) : value;
  }
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact, formatters: { log: scrubUrls }, base: { service: 'chargesync' } }, destination);
}
