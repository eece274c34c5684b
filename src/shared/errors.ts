// One error type for the whole codebase; each edge (REST, OCPP) maps the closed set of codes to its own
// wire form. Never tell errors apart by message text.
export type ErrorCode =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict'
  | 'StationOffline' | 'StationTimeout' | 'TooManyRequests'
  // A driver's card payment (issue 19): the card was refused; the payment provider could not be asked.
  | 'PaymentDeclined' | 'PaymentUnavailable';

export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (err: unknown, code?: ErrorCode): err is AppError =>
  err instanceof AppError && (code === undefined || err.code === code);
