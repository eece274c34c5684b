// Two kinds of string pass the OCPP 1.6 schemas but cannot be stored as they came:
// - U+0000, which PostgreSQL text cannot hold: without this check such a StopTransaction got InternalError, and
//   a charger that gives up after TransactionMessageAttempts would lose the stop;
// - a lone surrogate (a "\ud800" escape with no partner), which is not Unicode at all: UTF-8 cannot encode it, so
//   it would be stored altered, or refused by the database's JSON reader as an InternalError.
// Both are refused at the edge, like any other bad value, as PropertyConstraintViolation ("syntactically correct
// but at least one field contains an invalid value", OCPP-J 1.6 §4.2.3).
import { propertyConstraintError } from './rpc-adapter.js';

const MAX_DEPTH = 64; // deeper than any OCPP 1.6 message; the schema check has refused deeper nesting already

// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, which
// our TypeScript lib, ES2023, does not declare).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isStorable = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/**
 * The JSON Pointer of the first string that cannot be stored, or null. Every message from a charger passes here,
 * so the walk allocates nothing; the pointer is built on the way back up, only when such a string was found.
 */
export function firstUnstorableString(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : '';
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorableString(value[i], depth + 1);
      if (found !== null) return `/${i}${found}`;
    }
    return null;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const found = firstUnstorableString((value as Record<string, unknown>)[key], depth + 1);
    if (found !== null) return `/${key}${found}`;
  }
  return null;
}

export function assertStorableStrings(params: unknown): void {
  const path = firstUnstorableString(params);
  if (path === null) return;
  const message = 'must be Unicode text without the NUL character (U+0000) or a lone surrogate';
  throw propertyConstraintError(path, message, { keyword: 'pattern', params: {} }, params);
}
