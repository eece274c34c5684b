// The repair rules of leniency (src/ocpp/leniency-rules.ts): only repairs whose result is unambiguous.
import { describe, expect, it } from 'vitest';
import { isRfc3339DateTime, lenientTimestamp, numberFromString, repair, type SchemaError } from '../../../src/ocpp/leniency-rules.js';
import type { Relaxation } from '../../../src/domain/stations.js';

describe('isRfc3339DateTime', () => {
  it.each([
    ['2026-11-21T10:00:00Z', true],
    ['2026-11-21T10:00:00.123+01:00', true],
    ['2026-11-21t10:00:00z', true], // RFC 3339 §5.6 note: either case
    ['2026-11-21 10:00:00Z', false],
    ['2026-11-21T10:00:00', false],
    ['2026-11-21T10:00:00+0100', false],
    ['2026-11-21T10:00Z', false],
  ])('%s → %s', (text, expected) => expect(isRfc3339DateTime(text)).toBe(expected));
});

describe('lenientTimestamp', () => {
  it.each([
    ['2026-11-21 10:00:00', '2026-11-21T10:00:00.000Z'], // no zone: UTC
    ['2026-11-21T10:00:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21 10:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21 10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21 10:00:00 Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:00+0100', '2026-11-21T09:00:00.000Z'],
    ['2026-11-21T10:00:00-02', '2026-11-21T12:00:00.000Z'],
    ['2026-11-21T10:00:00.5+05:30', '2026-11-21T04:30:00.500Z'],
    ['2026-11-21T10:00:00.123456Z', '2026-11-21T10:00:00.123Z'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000Z'],
    ['0950-01-01 00:00:00', '0950-01-01T00:00:00.000Z'], // a four-digit year is taken as it is, not as 19xx
  ])('reads %j as %s', (text, iso) => expect(lenientTimestamp(text)).toBe(iso));

  it.each([
    'yesterday at noon', '21/11/2026 10:00:00', '11/21/2026 10:00', '2026-11-21', '2026-13-01 10:00:00',
    '2026-04-31 10:00:00', '2025-02-29 10:00:00', '2026-11-21 24:00:00', '2026-11-21 10:60:00',
    '2026-11-21 10:00:61', '2026-11-21T10:00:00+19:00', '1763719200', '', ' 2026-11-21 10:00:00',
  ])('refuses %j', (text) => expect(lenientTimestamp(text)).toBeNull());
});

describe('numberFromString', () => {
  it.each([
    ['12', 'integer', 12], ['-3', 'integer', -3], ['0', 'integer', 0],
    ['7.5', 'number', 7.5], ['12', 'number', 12], ['-0.25', 'number', -0.25],
  ] as const)('%j as %s → %d', (text, type, n) => expect(numberFromString(text, type)).toBe(n));

  it.each([
    ['7.5', 'integer'], ['1e3', 'number'], [' 12', 'integer'], ['12 ', 'number'], ['+1', 'integer'], ['0x1f', 'integer'],
    ['', 'number'], ['12kWh', 'number'], ['NaN', 'number'], ['Infinity', 'number'], ['.5', 'number'],
    ['9007199254740993', 'integer'], // past the safe integers: it would not be the number sent
  ] as const)('refuses %j as %s', (text, type) => expect(numberFromString(text, type)).toBeNull());
});

describe('repair', () => {
  const all = new Set<Relaxation>(['extraProperty', 'malformedTimestamp', 'numericString']);
  const none = new Set<Relaxation>();
  const err = (keyword: string, instancePath: string, params: Record<string, unknown>): SchemaError => ({ keyword, instancePath, params });

  it('drops an extra property, however deep, and says what it held', () => {
    const payload = { meterValue: [{ timestamp: 't', sampledValue: [{ value: '1', 'a/b~c': { x: 1 } }] }] };
    const r = repair(payload, err('additionalProperties', '/meterValue/0/sampledValue/0', { additionalProperty: 'a/b~c' }), all);
    expect(r).toEqual({ relaxation: 'extraProperty', path: '/meterValue/0/sampledValue/0/a~1b~0c', original: { x: 1 } });
    expect(payload.meterValue[0]!.sampledValue[0]).toEqual({ value: '1' });
  });

  it('reads a malformed timestamp as ISO 8601', () => {
    const payload = { timestamp: '2026-11-21 10:00:00' };
    expect(repair(payload, err('format', '/timestamp', { format: 'date-time' }), all)).toEqual({
      relaxation: 'malformedTimestamp', path: '/timestamp', original: '2026-11-21 10:00:00', repaired: '2026-11-21T10:00:00.000Z',
    });
    expect(payload.timestamp).toBe('2026-11-21T10:00:00.000Z');
  });

  it('turns a numeric string into the integer or number due', () => {
    const payload = { connectorId: '2', limit: '7.5' };
    expect(repair(payload, err('type', '/connectorId', { type: 'integer' }), all)).toMatchObject({ relaxation: 'numericString', repaired: 2 });
    expect(repair(payload, err('type', '/limit', { type: 'number' }), all)).toMatchObject({ relaxation: 'numericString', repaired: 7.5 });
    expect(payload).toEqual({ connectorId: 2, limit: 7.5 });
  });

  it.each([
    { why: 'the relaxation is not allowed', payload: { connectorId: '2' }, e: err('type', '/connectorId', { type: 'integer' }), allowed: none },
    { why: 'the string is not a plain number', payload: { connectorId: 'two' }, e: err('type', '/connectorId', { type: 'integer' }), allowed: all },
    { why: 'a string is due, not a number', payload: { value: 12 }, e: err('type', '/value', { type: 'string' }), allowed: all },
    { why: 'a boolean is no numeric string', payload: { connectorId: true }, e: err('type', '/connectorId', { type: 'integer' }), allowed: all },
    { why: 'the timestamp is ambiguous', payload: { timestamp: '21/11/2026' }, e: err('format', '/timestamp', { format: 'date-time' }), allowed: all },
    { why: 'the format is not date-time', payload: { location: 'x y' }, e: err('format', '/location', { format: 'uri' }), allowed: all },
    { why: 'a required property is missing', payload: {}, e: err('required', '', { missingProperty: 'idTag' }), allowed: all },
    { why: 'the value is too long', payload: { idTag: 'X'.repeat(21) }, e: err('maxLength', '/idTag', { limit: 20 }), allowed: all },
    { why: 'the path leads nowhere', payload: { a: 1 }, e: err('type', '/b/c', { type: 'integer' }), allowed: all },
    { why: 'the extra property is not there', payload: { a: 1 }, e: err('additionalProperties', '', { additionalProperty: 'b' }), allowed: all },
  ])('repairs nothing when $why', ({ payload, e, allowed }) => {
    const before = structuredClone(payload);
    expect(repair(payload, e, allowed)).toBeNull();
    expect(payload).toEqual(before);
  });
});
