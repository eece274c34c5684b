// The check for strings that cannot be stored runs on every message from a charger: it must find one at any
// depth and name where it is.
import { describe, expect, it } from 'vitest';
import { assertStorableStrings, firstUnstorableString } from '../../../src/ocpp/storable-strings.js';

describe('firstUnstorableString', () => {
  it.each([
    { where: 'nothing in good text', value: { idTag: 'AB', info: 'Ünïcødé ⚡ 😀', meterValue: [{ sampledValue: [{ value: '1' }] }] }, path: null },
    { where: 'a NUL in a top-level string', value: { idTag: 'A\u0000B' }, path: '/idTag' },
    { where: 'a NUL deep in arrays', value: { meterValue: [{ sampledValue: [{ value: '1' }, { value: '\u0000' }] }] }, path: '/meterValue/0/sampledValue/1/value' },
    { where: 'a lone high surrogate', value: { data: 'x\ud800y' }, path: '/data' },
    { where: 'a lone low surrogate', value: { info: ['ok', '\udc00'] }, path: '/info/1' },
    { where: 'the first of two', value: { a: ['x', '\u0000'], b: '\u0000' }, path: '/a/1' },
    { where: 'a bare string', value: '\u0000', path: '' },
    { where: 'nothing among numbers and nulls', value: { a: 1, b: null, c: [true] }, path: null },
  ])('finds $where', ({ value, path }) => {
    expect(firstUnstorableString(value)).toBe(path);
  });

  it('is refused as PropertyConstraintViolation naming the field', () => {
    expect(() => assertStorableStrings({ meterValue: [{ sampledValue: [{ value: '1\u00005' }] }] }))
      .toThrow('data/meterValue/0/sampledValue/0/value must be Unicode text without the NUL character');
    expect(() => assertStorableStrings({ idTag: 'AB' })).not.toThrow();
  });
});
