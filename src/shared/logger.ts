import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

// Secrets never reach the logs (STYLE.md habit 10).
const redact = [
  'password', '*.password', 'authKey', '*.authKey', 'token', '*.token',
  'req.headers.authorization', 'headers.authorization', 'handshake.headers.authorization',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact, base: { service: 'chargesync' } }, destination);
}
