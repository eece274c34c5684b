// The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) of a payment: required, so a retry can
// never pay twice; a missing or oversized one is a 400 naming the header.
import { AppError } from '../shared/errors.js';

export function idempotencyKey(header: string | undefined): string {
  const key = header?.trim() ?? '';
  if (key.length >= 1 && key.length <= 255) return key;
  const message = 'Idempotency-Key header is required (1 to 255 characters)';
  throw new AppError('BadRequest', `Idempotency-Key: ${message}`, { fields: [{ field: 'Idempotency-Key', in: 'header', message }] });
}
