// Runs per site one at a time, coalesced (services/serial-runs.ts).
import { describe, expect, it } from 'vitest';
import { SerialRuns } from '../../../src/services/serial-runs.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SerialRuns', () => {
  it('runs one at a time per key; requests during a run make ONE more run, with the first waiting reason', async () => {
    const log: string[] = [];
    let release!: () => void;
    const runs = new SerialRuns<number, string>(async (key, reason) => {
      log.push(`start ${key} ${reason}`);
      if (reason === 'first') await new Promise<void>((r) => { release = r; });
      log.push(`end ${key} ${reason}`);
    });
    const first = runs.request(1, 'first');
    await tick();
    const waiting = [runs.request(1, 'second'), runs.request(1, 'third'), runs.request(1, 'fourth')];
    const other = runs.request(2, 'other');
    await other;
    expect(log).toEqual(['start 1 first', 'start 2 other', 'end 2 other']);
    release();
    await Promise.all([first, ...waiting]);
    expect(log.slice(3)).toEqual(['end 1 first', 'start 1 second', 'end 1 second']);
    await runs.settled();
  });

  it('a failed run does not stop the next', async () => {
    const seen: string[] = [];
    const runs = new SerialRuns<number, string>(async (_k, reason) => {
      seen.push(reason);
      if (reason === 'a') throw new Error('boom');
    });
    await runs.request(1, 'a');
    await runs.request(1, 'b');
    expect(seen).toEqual(['a', 'b']);
  });
});
