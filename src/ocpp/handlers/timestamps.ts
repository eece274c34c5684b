import { createRpcError } from '../rpc-adapter.js';

// The earliest instant we store: RFC 3339 admits the year 0000, which PostgreSQL cannot read back.
const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00Z');

// The schemas' date-time format admits a leap second (…T23:59:60Z) that JavaScript's Date cannot read. It is
// the last instant of its minute, so it is read as :59.999; anything else unreadable is a FormationViolation.
export function toDate(iso: string): Date {
  const d = readable(iso);
  if (d.getTime() < FIRST_STORABLE_MS) {
    throw createRpcError('PropertyConstraintViolation', 'timestamp is before the year 1');
  }
  return d;
}

function readable(iso: string): Date {
  const d = new Date(iso);
  if (!Number.isNaN(d.getTime())) return d;
  const leap = new Date(iso.replace(/(T\d{2}:\d{2}):60(\.\d+)?/, '$1:59.999'));
  if (!Number.isNaN(leap.getTime())) return leap;
  throw createRpcError('FormationViolation', 'timestamp is not a valid date-time');
}
