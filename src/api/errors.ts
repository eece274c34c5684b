// One table from our error codes to HTTP statuses; anything unknown is a 500 that leaks nothing.
import type { ErrorRequestHandler } from 'express';
import { AppError, type ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

const httpStatus = {
  BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409,
  StationOffline: 503, StationTimeout: 504, TooManyRequests: 429,
  PaymentDeclined: 402, PaymentUnavailable: 502,
} satisfies Record<ErrorCode, number>;

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof AppError) {
      res.status(httpStatus[err.code]).json({ error: err.code, message: err.message, details: err.details ?? null });
      return;
    }
    // express.json() reports a malformed body as a SyntaxError with status 400.
    if (err instanceof SyntaxError && (err as { status?: number }).status === 400) {
      res.status(400).json({ error: 'BadRequest', message: 'request body is not valid JSON', details: null });
      return;
    }
    log.error({ err }, 'unhandled error in API');
    res.status(500).json({ error: 'Internal', message: 'internal error', details: null });
  };
}
