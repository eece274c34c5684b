// A string with U+0000 passes the OCPP 1.6 schemas but not PostgreSQL, whose text cannot hold it: without this
// check such a StopTransaction got InternalError, and a charger that gives up after TransactionMessageAttempts
// would lose the stop. It is refused at the edge, like any other bad value, as PropertyConstraintViolation
// ("syntactically correct but at least one field contains an invalid value", OCPP-J 1.6 §4.2.3).
import rpc from 'ocpp-rpc';

const MAX_DEPTH = 64; // deeper than any OCPP 1.6 message; the schema check has refused deeper nesting already

/** The JSON Pointer of the first string holding U+0000, or null. */
export function firstNulString(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = firstNulString(child, `${path}/${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function assertNoNulStrings(params: unknown): void {
  const path = firstNulString(params);
  if (path === null) return;
  const message = 'must not contain the NUL character (U+0000)';
  throw rpc.createRPCError('PropertyConstraintViolation', `data${path} ${message}`, {
    errors: [{ keyword: 'pattern', instancePath: path, params: {}, message }], data: params,
  }) as Error;
}
