import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../../src/shared/failure-limiter.js';
import { ManualClock } from '../../../src/shared/clock.js';

const limits = { limit: 3, windowMs: 60_000, blockMs: 300_000 };

function setup(maxKeys?: number) {
  const clock = new ManualClock(new Date('2025-03-01T10:00:00Z'));
  return { clock, limiter: new FailureLimiter(limits, clock, maxKeys) };
}

describe('FailureLimiter', () => {
  it('blocks a key at its limit-th failure within the window, for blockMs', () => {
    const { clock, limiter } = setup();
    expect(limiter.fail('10.0.0.1')).toBe(false);
    expect(limiter.fail('10.0.0.1')).toBe(false);
    expect(limiter.blockedForMs('10.0.0.1')).toBe(0);

    expect(limiter.fail('10.0.0.1')).toBe(true);
    expect(limiter.blockedForMs('10.0.0.1')).toBe(300_000);
    clock.advance(299_000);
    expect(limiter.blockedForMs('10.0.0.1')).toBe(1_000);
    clock.advance(1_000);
    expect(limiter.blockedForMs('10.0.0.1')).toBe(0);
  });

  it('does not block under the limit', () => {
    const { limiter } = setup();
    limiter.fail('10.0.0.1');
    limiter.fail('10.0.0.1');
    expect(limiter.blockedForMs('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window (sliding)', () => {
    const { clock, limiter } = setup();
    limiter.fail('a');
    clock.advance(30_000);
    limiter.fail('a');
    clock.advance(30_000); // the first is now exactly windowMs old: out
    expect(limiter.fail('a')).toBe(false);
    clock.advance(1_000);
    expect(limiter.fail('a')).toBe(true); // 30 s, 60 s and 61 s fall in one window
  });

  it('counts each key on its own', () => {
    const { limiter } = setup();
    limiter.fail('a');
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('b');
    expect(limiter.fail('a')).toBe(true);
    expect(limiter.blockedForMs('b')).toBe(0);
    expect(limiter.fail('b')).toBe(true);
  });

  it('neither counts nor extends failures while blocked, and starts afresh after the block', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 3; i++) limiter.fail('a');
    clock.advance(100_000);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.blockedForMs('a')).toBe(200_000);
    clock.advance(200_000);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(true);
  });

  it('bounds its memory: stale keys go first, then the least recently failed', () => {
    const { clock, limiter } = setup(3);
    limiter.fail('old');
    clock.advance(61_000);
    limiter.fail('x');
    expect(limiter.size).toBe(1); // 'old' is stale and pruned
    limiter.fail('y');
    limiter.fail('z');
    for (let i = 0; i < 3; i++) limiter.fail('w');
    expect(limiter.size).toBe(3);
    expect(limiter.blockedForMs('w')).toBe(300_000);
    // 'x' was the least recently failed: forgotten, so its next failure is its first again.
    limiter.fail('x');
    limiter.fail('x');
    expect(limiter.blockedForMs('x')).toBe(0);
  });
});
