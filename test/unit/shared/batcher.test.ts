import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/shared/batcher.js';

describe('Batcher', () => {
  it('works on the first item at once, and on the items that came meanwhile together', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((r) => { release = r; });
    const b = new Batcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstHeld;
    }, () => {});
    void b.add(1);
    void b.add(2);
    void b.add(3);
    release();
    await b.settled();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('reports a failed batch and goes on with the next', async () => {
    const errors: unknown[] = [];
    const done: number[][] = [];
    const b = new Batcher<number>(async (items) => {
      if (items.includes(1)) throw new Error('boom');
      done.push(items);
    }, (err) => errors.push(err));
    void b.add(1);
    void b.add(2);
    await b.settled();
    expect(errors).toHaveLength(1);
    expect(done).toEqual([[2]]);
  });
});
