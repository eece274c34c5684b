import { describe, expect, it } from 'vitest';
import { exportRange, parseDay } from '../../../src/domain/export-range.js';

const now = new Date(2026, 11, 2, 9, 30);
const day = (text: string) => parseDay(text)!;
const at = (d: Date) => ({ kind: 'instant' as const, at: d });

describe('exportRange', () => {
  it.each([
    ['neither bound: the 30 days up to now', undefined, undefined, new Date(now.getTime() - 30 * 86_400_000), now],
    ['one day: from its start to the next day\'s start', day('2026-12-01'), day('2026-12-01'), new Date(2026, 11, 1), new Date(2026, 11, 2)],
    ['from a day up to now', day('2026-12-01'), undefined, new Date(2026, 11, 1), now],
    ['to an instant, 30 days before it', undefined, at(new Date(2026, 10, 30, 12)), new Date(2026, 9, 31, 12), new Date(2026, 10, 30, 12)],
    ['a month boundary', day('2026-11-30'), day('2026-12-01'), new Date(2026, 10, 30), new Date(2026, 11, 2)],
  ] as const)('%s', (_name, from, to, start, end) => {
    expect(exportRange(from, to, now)).toEqual({ ok: true, value: { from: start, to: end } });
  });

  it.each([
    ['to before from', day('2026-12-02'), day('2026-12-01')],
    ['from in the future, to now', day('2026-12-03'), undefined],
    ['an empty instant range', at(now), at(now)],
  ] as const)('refuses %s', (_name, from, to) => {
    expect(exportRange(from, to, now)).toEqual({ ok: false, error: 'ToNotAfterFrom' });
  });
});

describe('parseDay', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20261201', '2026-12-01T00:00:00Z', ''])('refuses %j', (text) => {
    expect(parseDay(text)).toBeNull();
  });
  it('reads a calendar day', () => expect(parseDay('2024-02-29')).toEqual({ kind: 'day', year: 2024, month: 2, day: 29 }));
});
