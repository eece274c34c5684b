// The charts' buckets are the server's hours and days (domain/stats-buckets.ts): tried in a zone whose clocks
// change (Europe/Berlin, summer time from 29 March 2026 02:00), where a day is 23 hours once a year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buckets, lastDays, MAX_BUCKETS, today } from '../../../src/domain/stats-buckets.js';

const zone = process.env.TZ;
beforeAll(() => { process.env.TZ = 'Europe/Berlin'; });
afterAll(() => { if (zone === undefined) delete process.env.TZ; else process.env.TZ = zone; });

const hoursOf = (b: { at: Date; until: Date }) => (b.until.getTime() - b.at.getTime()) / 3_600_000;

describe('stats buckets in the server\'s time zone', () => {
  it('starts days at local midnight and steps them by the calendar: the day clocks go forward lasts 23 hours', () => {
    const days = buckets('day', new Date('2026-03-28T10:00:00+01:00'), new Date('2026-03-31T00:00:00+02:00'));
    expect(days.ok && days.value.map((b) => [b.at.toISOString(), hoursOf(b)])).toEqual([
      ['2026-03-27T23:00:00.000Z', 24], ['2026-03-28T23:00:00.000Z', 23], ['2026-03-29T22:00:00.000Z', 24],
    ]);
  });

  it('steps hours by 3,600 s from the local hour the range starts in, across the change too', () => {
    const hours = buckets('hour', new Date('2026-03-29T00:30:00+01:00'), new Date('2026-03-29T04:00:00+02:00'));
    expect(hours.ok && hours.value.map((b) => b.at.toISOString())).toEqual(
      ['2026-03-28T23:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('is bounded: 62 days by the hour, 400 by the day; to must be after from', () => {
    const from = new Date('2026-01-01T00:00:00+01:00');
    expect(buckets('hour', from, new Date(from.getTime() + MAX_BUCKETS.hour * 3_600_000))).toMatchObject({ ok: true });
    expect(buckets('hour', from, new Date(from.getTime() + MAX_BUCKETS.hour * 3_600_000 + 1))).toEqual({ ok: false, error: 'TooManyBuckets' });
    expect(buckets('day', from, new Date(2027, 1, 5))).toMatchObject({ ok: true, value: { length: 400 } });
    expect(buckets('day', from, new Date(2027, 1, 6))).toEqual({ ok: false, error: 'TooManyBuckets' });
    expect(buckets('day', from, from)).toEqual({ ok: false, error: 'ToNotAfterFrom' });
  });

  it('gives today from local midnight to the next, and the last days with today cut at now', () => {
    const now = new Date('2026-03-29T12:00:00+02:00');
    expect(today(now)).toEqual({ from: new Date('2026-03-29T00:00:00+01:00'), to: new Date('2026-03-30T00:00:00+02:00') });
    expect(lastDays(2, now).map((b) => [b.at.toISOString(), hoursOf(b)])).toEqual([
      ['2026-03-27T23:00:00.000Z', 24], ['2026-03-28T23:00:00.000Z', 11],
    ]);
  });
});
