// Valid OCPP 1.6 CALL payloads for every charger → central system action, and schema-aware mutations of them
// for the fuzz test. A "breaking" mutation violates the action's JSON schema (ocpp-rpc's bundled
// lib/schemas/ocpp1_6.json, the contract on the wire: ../shared/OCPP.md) at one site, so a frame carrying one is
// invalid by construction. An "edge" mutation keeps the schema and only pushes a value to its limits.
import { createRequire } from 'node:module';
import type { Inbound, InboundAction } from '../../src/ocpp/wire/index.js';
import type { Prng } from './frame-fuzzer.js';

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  maxLength?: number;
  format?: string;
}

const schemas = createRequire(import.meta.url)('ocpp-rpc/lib/schemas/ocpp1_6.json') as Array<JsonSchema & { $id: string }>;

export function requestSchema(action: string): JsonSchema {
  const schema = schemas.find((s) => s.$id === `urn:${action}.req`);
  if (!schema) throw new Error(`no OCPP 1.6 schema for ${action}.req`);
  return schema;
}

/** JSON text placed as it is: deep nesting without recursion, and numbers a double cannot hold. */
export class RawJson {
  constructor(readonly text: string, readonly type: 'array' | 'number') {}
}

/** JSON.stringify's output, plus RawJson, and own '__proto__' keys kept as keys. */
export function toJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).map((k) => `${JSON.stringify(k)}:${toJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** What a fuzzed frame aims at: the station's real idTag, open transaction and connector. */
export interface FuzzTarget {
  idTag: string;
  transactionId: number;
  connectorId: number;
  /** Another charger's open transaction (edge frames only: it must stay untouched). */
  foreignTransactionId?: number;
}

const sample = (at: string) => ({
  timestamp: at,
  sampledValue: [{
    value: '1234', context: 'Sample.Periodic' as const, format: 'Raw' as const,
    measurand: 'Energy.Active.Import.Register' as const, phase: 'L1' as const, location: 'Outlet' as const, unit: 'Wh' as const,
  }],
});

// Every optional property present, so that every site can be mutated. The mapped type makes a new inbound
// action a compile error here until it has a base payload.
const bases: { [A in InboundAction]: (t: FuzzTarget, at: string) => Inbound[A]['req'] } = {
  BootNotification: () => ({
    chargePointVendor: 'Fuzz', chargePointModel: 'Frames', chargePointSerialNumber: 'SN-1', chargeBoxSerialNumber: 'SN-2',
    firmwareVersion: '1.0', iccid: '8931', imsi: '2620', meterType: 'M', meterSerialNumber: 'MS-1',
  }),
  Heartbeat: () => ({}),
  StatusNotification: (t, at) => ({
    connectorId: t.connectorId, errorCode: 'NoError', status: 'Available', info: 'fine', timestamp: at, vendorId: 'Fuzz', vendorErrorCode: 'E0',
  }),
  Authorize: (t) => ({ idTag: t.idTag }),
  StartTransaction: (t, at) => ({ connectorId: t.connectorId, idTag: t.idTag, meterStart: 1000, timestamp: at, reservationId: 1 }),
  MeterValues: (t, at) => ({ connectorId: t.connectorId, transactionId: t.transactionId, meterValue: [sample(at)] }),
  StopTransaction: (t, at) => ({
    transactionId: t.transactionId, meterStop: 2000, timestamp: at, idTag: t.idTag, reason: 'Local', transactionData: [sample(at)],
  }),
  DataTransfer: () => ({ vendorId: 'Fuzz', messageId: 'frames', data: 'payload' }),
  DiagnosticsStatusNotification: () => ({ status: 'Uploaded' }),
  FirmwareStatusNotification: () => ({ status: 'Installed' }),
  SecurityEventNotification: (_t, at) => ({ type: 'SettingSystemTime', timestamp: at, techInfo: 'fuzz' }),
  SignCertificate: () => ({ csr: '-----BEGIN CERTIFICATE REQUEST-----' }),
  LogStatusNotification: () => ({ status: 'Uploaded', requestId: 1 }),
  SignedFirmwareStatusNotification: () => ({ status: 'Installed', requestId: 1 }),
};
export const INBOUND_ACTIONS = Object.keys(bases) as InboundAction[];

export function basePayload(action: InboundAction, t: FuzzTarget, at: string): Record<string, unknown> {
  return structuredClone(bases[action](t, at)) as Record<string, unknown>;
}

type Path = Array<string | number>;
interface Site { path: Path; schema: JsonSchema; value: unknown }

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);

function sitesOf(value: unknown, schema: JsonSchema, path: Path = []): Site[] {
  const sites: Site[] = [{ path, schema, value }];
  if (isObject(value) && schema.properties) {
    for (const [key, s] of Object.entries(schema.properties)) if (Object.hasOwn(value, key)) sites.push(...sitesOf(value[key], s, [...path, key]));
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => sites.push(...sitesOf(v, schema.items!, [...path, i])));
  return sites;
}

function setOwn(o: object, key: string | number, value: unknown): void {
  // defineProperty, not assignment: `o['__proto__'] = v` would set the prototype instead of adding a key.
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  setOwn(parent, path[path.length - 1]!, value);
  return root;
}

function deleteAt(root: unknown, path: Path): unknown {
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  delete parent[path[path.length - 1]!];
  return root;
}

function matchesType(v: unknown, type: JsonSchema['type']): boolean {
  // As the receiver parses it: '1e400' is Infinity (no JSON schema number), '1e-400' is 0, an integer.
  if (v instanceof RawJson) return v.type === 'array' ? type === 'array' : matchesType(JSON.parse(v.text) as number, type);
  switch (type) {
    case undefined: return true;
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
  }
}

// Code points a charger's firmware might mangle: multi-byte, combining, right-to-left, a lone surrogate, NUL.
const ODD_CHARS = ['A', 'z', '0', ' ', 'é', 'ß', '漢', '🔌', '\u202e', '\u0301', '\u0000', '\ud800', '"', '\\', '\n', '%', "'"];

export function oddString(rng: Prng, codePoints: number): string {
  if (codePoints > 4096) return 'A'.repeat(codePoints - 2) + rng.pick(ODD_CHARS) + rng.pick(ODD_CHARS);
  return Array.from({ length: codePoints }, () => rng.pick(ODD_CHARS)).join('');
}

/** Nested arrays or objects, as raw text: thousands of levels would overflow a recursive serialiser. */
export function deepNesting(rng: Prng): RawJson {
  const depth = rng.chance(0.15) ? rng.between(1_000, 20_000) : rng.between(10, 300);
  const [open, close] = rng.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
  return new RawJson(open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth), 'array');
}

/** Any JSON value, sometimes a huge or deeply nested one. */
export function junk(rng: Prng): unknown {
  switch (rng.int(8)) {
    case 0: return rng.pick([null, true, false, 0, -1, 1.5, '', 'x']);
    case 1: return oddString(rng, rng.chance(0.1) ? rng.between(10_000, 200_000) : rng.between(1, 60));
    case 2: return deepNesting(rng);
    case 3: return new RawJson(rng.pick(['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0']), 'number');
    case 4: return Array.from({ length: rng.between(0, rng.chance(0.1) ? 20_000 : 20) }, () => rng.int(10));
    case 5: return { idTag: 'X', connectorId: 1, nested: { meterValue: [] } };
    case 6: return [[], {}, [null], { '': '' }];
    default: return rng.pick([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1]);
  }
}

const WRONG_VALUES: readonly unknown[] = [
  '1', '', 'true', '2025-01-01T00:00:00Z', 1.5, -0.25, 1e-7, 0, -1, true, false, null, [], {}, [1, 'a'], { value: '1' },
  new RawJson('1e400', 'number'), new RawJson('-1e400', 'number'),
];

// Not a date-time as RFC 3339 section 5.6 defines it, whatever a lenient parser would make of it.
const BAD_DATE_TIMES = [
  '', 'yesterday at noon', 'now', '1735689600', '2025-13-01T00:00:00Z', '2025-00-10T00:00:00Z', '2025-01-32T00:00:00Z',
  '2025-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T10:60:00Z', '2025-01-01T10:00:61Z',
  '2025-01-01', '2025-01-01T10:00Z', '2025-1-1T00:00:00Z', '25-01-01T00:00:00Z', '2025-01-01TT10:00:00Z',
  '2025-01-01T10:00:00ZZ', '+002025-01-01T00:00:00Z', '2025-01-01T10:00:00.Z', '２０２５-01-01T00:00:00Z',
  // ajv-formats 2.1 (ocpp-rpc's) passes these three; RFC 3339 does not, nor the central system (strict-timestamps.ts).
  '2025-01-01T10:00:00', '2025-01-01 10:00:00Z', '2025-06-01T12:00:00+1430',
];

export type Breaker = 'wrongType' | 'tooLong' | 'notInEnum' | 'badDateTime' | 'missingRequired' | 'extraProperty';

const applies: Record<Breaker, (s: Site) => boolean> = {
  wrongType: () => true,
  tooLong: (s) => s.schema.maxLength !== undefined,
  notInEnum: (s) => s.schema.enum !== undefined,
  badDateTime: (s) => s.schema.format === 'date-time',
  missingRequired: (s) => isObject(s.value) && (s.schema.required ?? []).some((k) => Object.hasOwn(s.value as object, k)),
  extraProperty: (s) => isObject(s.value) && s.schema.additionalProperties === false,
};

const EXTRA_KEYS = ['tariff', '__proto__', 'constructor', 'toString', '', ' ', 'IdTag', 'connectorid', '$where', '\u0000', 'a.b', '🔌'];

function breakSite(rng: Prng, root: unknown, site: Site, breaker: Breaker): unknown {
  const { path, schema } = site;
  switch (breaker) {
    case 'wrongType': {
      const wrong = [...WRONG_VALUES, junk(rng), deepNesting(rng)].filter((v) => !matchesType(v, schema.type));
      return setAt(root, path, rng.pick(wrong));
    }
    case 'tooLong': {
      const length = schema.maxLength! + (rng.chance(0.05) ? rng.between(100_000, 500_000) : rng.between(1, 40));
      return setAt(root, path, oddString(rng, length));
    }
    case 'notInEnum': {
      const e = rng.pick(schema.enum!);
      const candidates = [e.toLowerCase(), e.toUpperCase(), `${e} `, ` ${e}`, '', `${e}\u0000`, 'Unknown', e.repeat(2), `${e}.`];
      return setAt(root, path, rng.pick(candidates.filter((c) => !schema.enum!.includes(c))));
    }
    case 'badDateTime':
      return setAt(root, path, rng.pick(BAD_DATE_TIMES));
    case 'missingRequired': {
      const present = schema.required!.filter((k) => Object.hasOwn(site.value as object, k));
      return deleteAt(root, [...path, rng.pick(present)]);
    }
    case 'extraProperty': {
      const known = (k: string) => Object.hasOwn(schema.properties ?? {}, k);
      const odd = oddString(rng, rng.between(1, 2_000));
      setOwn(site.value as object, rng.chance(0.1) && !known(odd) ? odd : rng.pick(EXTRA_KEYS.filter((k) => !known(k))), junk(rng));
      return root;
    }
  }
}

/** Breaks the payload at 1-3 sites; the last break is made on the payload as it then is, so it holds. */
export function breakPayload(rng: Prng, action: string, payload: unknown): { payload: unknown; breaks: Breaker[] } {
  const schema = requestSchema(action);
  const breaks: Breaker[] = [];
  let current = payload;
  for (let i = rng.between(1, 3); i > 0; i--) {
    const options = sitesOf(current, schema).flatMap((site) =>
      (Object.keys(applies) as Breaker[]).filter((b) => applies[b](site)).map((b) => ({ site, b })));
    const { site, b } = rng.pick(options);
    current = breakSite(rng, current, site, b);
    breaks.push(b);
  }
  return { payload: current, breaks };
}

const EDGE_INTEGERS = [0, -1, -2_147_483_648, 2_147_483_647, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21];
// RFC 3339 date-times the schema admits but a database or Date may not: year 0, a leap second, odd offsets.
export const EDGE_DATE_TIMES = [
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '1970-01-01T00:00:00Z',
  '2016-12-31T23:59:60Z', '2025-06-01t12:00:00z', '2025-06-01T12:00:00+14:00', '2025-06-01T12:00:00-23:59',
  '2025-06-01T12:00:00+99:99', '2024-02-29T00:00:00.1Z',
];

/** Keeps the value's schema type (within maxLength, inside the enum) but pushes it to an edge. */
export function edgeValue(rng: Prng, schema: JsonSchema, foreignTransactionId?: number): unknown {
  if (schema.enum) return rng.pick(schema.enum);
  if (schema.format === 'date-time') return rng.pick(EDGE_DATE_TIMES);
  if (schema.type === 'integer') return rng.chance(0.2) && foreignTransactionId ? foreignTransactionId : rng.pick(EDGE_INTEGERS);
  if (schema.type === 'string') return oddString(rng, Math.min(schema.maxLength ?? 300_000, rng.chance(0.3) ? 300_000 : rng.between(0, 25)));
  return undefined;
}

/** A payload the schema admits with 1-3 values pushed to their edges (edge frames may be accepted and written). */
export function edgePayload(rng: Prng, action: InboundAction, t: FuzzTarget, at: string): Record<string, unknown> {
  const schema = requestSchema(action);
  let payload = basePayload(action, t, at);
  for (let i = rng.between(1, 3); i > 0; i--) {
    const leaves = sitesOf(payload, schema).filter((s) => s.schema.enum ?? s.schema.format ?? ['integer', 'string'].includes(s.schema.type ?? ''));
    if (leaves.length === 0) break;
    const site = rng.pick(leaves);
    payload = setAt(payload, site.path, edgeValue(rng, site.schema, t.foreignTransactionId)) as Record<string, unknown>;
  }
  if (t.foreignTransactionId !== undefined && Object.hasOwn(payload, 'transactionId') && rng.chance(0.2)) {
    payload.transactionId = t.foreignTransactionId; // another charger's transaction: it must stay untouched
  }
  if (action === 'MeterValues' && rng.chance(0.3)) {
    // Many readings in one message, some repeated: each must be stored once, or the message refused whole.
    const mv = (payload.meterValue as Array<{ sampledValue: unknown[] }>)[0];
    if (mv) mv.sampledValue = Array.from({ length: rng.between(2, 300) }, (_, i) => ({ value: String(i % 7) }));
  }
  return payload;
}
