import { createRpcError } from '../rpc.js';

// The schemas' date-time format admits a leap second (…T23:59:60Z) that JavaScript's Date cannot read. It is
// the last instant of its minute, so it is read as :59.999; anything else unreadable is a FormationViolation.
export function toDate(iso: string): Date {
  const d = new Date(iso);
  if (!Number.isNaN(d.getTime())) return d;
  const leap = new Date(iso.replace(/(T\d{2}:\d{2}):60(\.\d+)?/, '$1:59.999'));
  if (!Number.isNaN(leap.getTime())) return leap;
  throw createRpcError('FormationViolation', 'timestamp is not a valid date-time');
}
