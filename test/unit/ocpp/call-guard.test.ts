import { describe, expect, it } from 'vitest';
import { CallGuard } from '../../../src/ocpp/call-guard.js';

/** A call that finishes when the test says so, and notes when it started. */
function controlledCall(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  return { run: async () => { log.push(`start ${name}`); await done; log.push(`end ${name}`); }, finish };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('CallGuard', () => {
  it('runs calls one at a time, in the order admitted', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 5, rememberedIds: 10 });
    const log: string[] = [];
    const a = controlledCall(log, 'a');
    const b = controlledCall(log, 'b');
    expect(guard.admit('a', a.run)).toBe('accepted');
    expect(guard.admit('b', b.run)).toBe('accepted');
    await settle();
    expect(log).toEqual(['start a']);
    b.finish(); // b may not start before a ends, even when it could finish at once
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    await guard.idle();
  });

  it('refuses a repeat of an id that is running, waiting or recently answered', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 5, rememberedIds: 10 });
    const log: string[] = [];
    const a = controlledCall(log, 'a');
    guard.admit('a', a.run);
    guard.admit('b', async () => {});
    expect(guard.admit('a', async () => { log.push('again'); })).toBe('duplicate'); // running
    expect(guard.admit('b', async () => { log.push('again'); })).toBe('duplicate'); // waiting
    a.finish();
    await guard.idle();
    expect(guard.admit('a', async () => { log.push('again'); })).toBe('duplicate'); // answered
    await guard.idle();
    expect(log).toEqual(['start a', 'end a']);
  });

  it('forgets answered ids beyond the last rememberedIds', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 10, rememberedIds: 3 });
    for (const id of ['1', '2', '3', '4']) guard.admit(id, async () => {});
    await guard.idle();
    expect(guard.admit('2', async () => {})).toBe('duplicate');
    expect(guard.admit('1', async () => {})).toBe('accepted');
  });

  it('tells a long id from another by its whole content, not a prefix', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 10, rememberedIds: 10 });
    const long = 'x'.repeat(100_000);
    guard.admit(`${long}A`, async () => {});
    await guard.idle();
    expect(guard.admit(`${long}B`, async () => {})).toBe('accepted');
    expect(guard.admit(`${long}A`, async () => {})).toBe('duplicate');
  });

  it('admits one running plus maxQueuedCalls waiting, then overflows', () => {
    const guard = new CallGuard({ maxQueuedCalls: 2, rememberedIds: 10 });
    const never = () => new Promise<void>(() => {});
    expect(['a', 'b', 'c', 'd'].map((id) => guard.admit(id, never))).toEqual(['accepted', 'accepted', 'accepted', 'overflow']);
  });

  it('once stopped admits nothing, still runs what it holds, and tells when idle', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 5, rememberedIds: 10 });
    const log: string[] = [];
    const a = controlledCall(log, 'a');
    guard.admit('a', a.run);
    guard.admit('b', async () => { log.push('b'); });
    guard.stop();
    expect(guard.admit('c', async () => { log.push('c'); })).toBe('stopped');
    let idle = false;
    void guard.idle().then(() => { idle = true; });
    await settle();
    expect(idle).toBe(false);
    a.finish();
    await settle();
    expect(idle).toBe(true);
    expect(log).toEqual(['start a', 'end a', 'b']);
  });

  it('keeps going after a call that throws', async () => {
    const guard = new CallGuard({ maxQueuedCalls: 5, rememberedIds: 10 });
    const log: string[] = [];
    guard.admit('a', () => Promise.reject(new Error('boom')));
    guard.admit('b', async () => { log.push('b'); });
    await guard.idle();
    expect(log).toEqual(['b']);
  });
});
