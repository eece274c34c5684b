// The repair rules of charger leniency (ocpp/leniency.ts), pure: given one schema error (ajv's shape, as ocpp-rpc
// reports it in a CALLERROR's details) and the payload, either repair that spot in place and say what was
// there, or say nothing may be repaired. Only repairs whose result is unambiguous: anything else stays a
// CALLERROR even for a lenient charger.
import type { Relaxation } from '../domain/stations.js';

/** The part of an ajv ErrorObject the rules read. */
export interface SchemaError {
  keyword: string;
  /** A JSON Pointer (RFC 6901) into the payload: '/meterValue/0/timestamp'. */
  instancePath: string;
  params: Record<string, unknown>;
}

export interface Repair {
  relaxation: Relaxation;
  /** JSON Pointer of the value that broke the schema (for an extra property, the property itself). */
  path: string;
  original: unknown;
  /** What it became; absent when it was dropped. */
  repaired?: unknown;
}

// RFC 3339 §5.6 date-time as its ABNF has it: "T" between date and time, and a zone, Z or ±hh:mm (T and Z in
// either case, §5.6 note). ocpp-rpc's ajv-formats 2.1 also passes a space, no zone at all, or ±hhmm; a time
// without a zone is ambiguous (JavaScript reads it in the server's local zone), so the central system does not
// take those from a charger unless it is lenient on malformedTimestamp.
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const isRfc3339DateTime = (text: string): boolean => RFC3339_DATE_TIME.test(text);

// Year first, then month and day, is the only order read: '21/11/2026' could be either day-month or month-day.
const LENIENT_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * A timestamp that is not RFC 3339 but can mean only one instant: '2026-11-21 10:00:00', '2026-11-21T10:00',
 * '2026-11-21T10:00:00+0100'. Without a zone it is read as UTC (OCPP-J 1.6 §3.1.5 asks chargers for UTC).
 * Returns the instant as ISO 8601 in UTC with milliseconds, or null when the text is anything else.
 */
export function lenientTimestamp(text: string): string | null {
  const m = LENIENT_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as
    [number, number, number, number, number, number];
  const ms = Number(`0.${m[7] ?? '0'}`) * 1000;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const offsetMin = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? '0')) : 0;
  if (Math.abs(offsetMin) > 18 * 60) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCMonth() !== month - 1) return null; // 31 April rolled into May
  d.setUTCHours(hour, minute, second, Math.floor(ms));
  return new Date(d.getTime() - offsetMin * 60_000).toISOString();
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** '12' where an integer is due, '7.5' where a number is: plain decimal notation only ('1e3', ' 12', '0x1f' stay errors). */
export function numberFromString(text: string, type: 'integer' | 'number'): number | null {
  if (!(type === 'integer' ? INTEGER_TEXT : DECIMAL_TEXT).test(text)) return null;
  const n = Number(text);
  return type === 'integer' && !Number.isSafeInteger(n) ? null : n;
}

/** Resolves a JSON Pointer to the container holding its last token, and that token. */
function locate(root: unknown, pointer: string): { parent: Record<string, unknown>; key: string } | null {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = tokens.pop();
  if (key === undefined) return null;
  let node: unknown = root;
  for (const t of tokens) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[t];
  }
  return node !== null && typeof node === 'object' ? { parent: node as Record<string, unknown>, key } : null;
}

const escapeToken = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Repairs the spot one schema error names, when a relaxation in `allowed` covers it; changes `root` in place.
 * Returns what was repaired, or null when no allowed relaxation covers this error (it then stays a CALLERROR).
 */
export function repair(root: unknown, error: SchemaError, allowed: ReadonlySet<Relaxation>): Repair | null {
  if (error.keyword === 'additionalProperties' && allowed.has('extraProperty')) {
    const name = error.params['additionalProperty'];
    const at = typeof name === 'string' ? locate(root, `${error.instancePath}/${escapeToken(name)}`) : null;
    if (!at || !Object.hasOwn(at.parent, at.key)) return null;
    const original = at.parent[at.key];
    delete at.parent[at.key];
    return { relaxation: 'extraProperty', path: `${error.instancePath}/${escapeToken(at.key)}`, original };
  }
  const at = locate(root, error.instancePath);
  const original = at?.parent[at.key];
  if (!at || typeof original !== 'string') return null;
  let repaired: string | number | null = null;
  let relaxation: Relaxation | null = null;
  if (error.keyword === 'format' && error.params['format'] === 'date-time' && allowed.has('malformedTimestamp')) {
    [repaired, relaxation] = [lenientTimestamp(original), 'malformedTimestamp'];
  } else if (error.keyword === 'type' && allowed.has('numericString')
    && (error.params['type'] === 'integer' || error.params['type'] === 'number')) {
    [repaired, relaxation] = [numberFromString(original, error.params['type']), 'numericString'];
  }
  if (repaired === null || relaxation === null) return null;
  at.parent[at.key] = repaired;
  return { relaxation, path: error.instancePath, original, repaired };
}
