// The OCPP 1.6 schemas type these fields as "integer" with no bounds, but the specification bounds them: a
// connector is numbered from 0 (the charger as a whole) and a transaction starts on one above 0 (sections 3.8,
// 6.47); and a JSON number past 2^53 is no exact integer at all. Outside these ranges a value is refused at the
// edge as PropertyConstraintViolation ("at least one field contains an invalid value", OCPP-J 1.6 §4.2.3),
// never stored on connector -1 nor turned into the database's out-of-range InternalError.
import { propertyConstraintError } from './rpc-adapter.js';

interface Range { min: number; max: number }

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 }; // our integer columns
const EXACT = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }; // bigint columns, or looked up only
const CONNECTOR = { min: 0, max: INT32.max };

// Field and range pairs, so that a message (this runs on every one) walks an array and allocates nothing.
const RANGES = new Map<string, ReadonlyArray<readonly [string, Range]>>([
  ['urn:StatusNotification.req', [['connectorId', CONNECTOR]]],
  ['urn:MeterValues.req', [['connectorId', CONNECTOR], ['transactionId', EXACT]]],
  ['urn:StartTransaction.req', [['connectorId', { min: 1, max: INT32.max }], ['meterStart', EXACT], ['reservationId', INT32]]],
  ['urn:StopTransaction.req', [['transactionId', EXACT], ['meterStop', EXACT]]],
]);

export function assertIntegerRanges(schemaId: string, params: unknown): void {
  const ranges = RANGES.get(schemaId);
  if (!ranges || params === null || typeof params !== 'object') return;
  for (const [field, { min, max }] of ranges) {
    const value = (params as Record<string, unknown>)[field];
    if (typeof value !== 'number' || (value >= min && value <= max)) continue; // a wrong type is the schema's to refuse
    const below = value < min;
    throw propertyConstraintError(`/${field}`, `must be an integer from ${min} to ${max}`,
      { keyword: below ? 'minimum' : 'maximum', params: { limit: below ? min : max } }, params);
  }
}
