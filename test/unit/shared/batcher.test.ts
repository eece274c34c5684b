// The one batching primitive (src/shared/batcher.ts): the group commit core (BatchQueue) and the coalescing
// side-work preset (Batcher).
import { describe, expect, it } from 'vitest';
import { BatchQueue, Batcher } from '../../../src/shared/batcher.js';

/** A promise to hold a batch with, and its release. */
function gate(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  return { held, release };
}

describe('Batcher', () => {
  it('works on the first item at once, and on the items that came meanwhile together', async () => {
    const batches: number[][] = [];
    const first = gate();
    const b = new Batcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await first.held;
    }, () => {});
    void b.add(1);
    void b.add(2);
    void b.add(3);
    first.release();
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

  it('reports a failed batch of several once, and resolves its callers', async () => {
    const errors: unknown[] = [];
    const first = gate();
    let runs = 0;
    const b = new Batcher<number>(async () => {
      runs++;
      if (runs === 1) return first.held;
      throw new Error('boom');
    }, (err) => errors.push(err));
    void b.add(1);
    const covered = [b.add(2), b.add(3)];
    first.release();
    await expect(Promise.all(covered)).resolves.toEqual([undefined, undefined]);
    expect(errors).toHaveLength(1);
    expect(runs).toBe(2); // not worked again item by item
  });
});

/** One turn of the event loop: what a storm's accepted connections are spread over. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Batcher with gatherMs (side work gathered over time)', () => {
  it('works on items that came over many turns of the event loop as one batch', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(async (items) => { batches.push(items); }, () => {}, { gatherMs: 200 });
    for (let i = 1; i <= 6; i++) {
      void b.add(i);
      await nextTurn();
    }
    await b.settled();
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it('gathers again before the next batch: items that come after a batch ran join those that came during it', async () => {
    const batches: number[][] = [];
    const first = gate();
    const firstStarted = gate();
    const firstDone = gate();
    const b = new Batcher<number>(async (items) => {
      batches.push(items);
      if (batches.length > 1) return;
      firstStarted.release();
      await first.held;
      firstDone.release();
    }, () => {}, { gatherMs: 200 });
    void b.add(1);
    await firstStarted.held;
    void b.add(2); // while the first batch runs
    first.release();
    await firstDone.held;
    await nextTurn();
    void b.add(3); // after it ran, while the next batch gathers
    await b.settled();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('waits gatherMs before working on an item that came alone', async () => {
    const gatherMs = 60;
    let startedAfterMs = -1;
    const addedAt = performance.now();
    const b = new Batcher<number>(async () => { startedAfterMs = performance.now() - addedAt; }, () => {}, { gatherMs });
    await b.add(1);
    // Node may fire a timer up to a millisecond early by performance.now's reckoning.
    expect(startedAfterMs).toBeGreaterThanOrEqual(gatherMs - 1);
  });
});

describe('BatchQueue (group commit)', () => {
  it('gives each caller its own item\'s result', async () => {
    const q = new BatchQueue<number, string>(async (items) => items.map((i) => `#${i}`));
    expect(await Promise.all([q.add(1), q.add(2), q.add(3)])).toEqual(['#1', '#2', '#3']);
  });

  it('holds no more than maxWeight in a batch, and at least one item', async () => {
    const batches: number[][] = [];
    const first = gate();
    const q = new BatchQueue<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await first.held;
      return items;
    }, { maxWeight: 5, weigh: (i) => i });
    const all = [q.add(1), q.add(2), q.add(3), q.add(9), q.add(1)];
    first.release();
    await Promise.all(all);
    expect(batches).toEqual([[1], [2, 3], [9], [1]]);
  });

  it('works on up to `concurrency` batches at once', async () => {
    let running = 0;
    let most = 0;
    const first = gate();
    const q = new BatchQueue<number, number>(async (items) => {
      running++;
      most = Math.max(most, running);
      await first.held;
      running--;
      return items;
    }, { concurrency: 2 });
    const all = [q.add(1), q.add(2), q.add(3)];
    await Promise.resolve();
    expect(running).toBe(2);
    first.release();
    expect(await Promise.all(all)).toEqual([1, 2, 3]);
    expect(most).toBe(2);
  });

  it('works a failing batch again item by item, so only the bad item fails', async () => {
    const batches: number[][] = [];
    const first = gate();
    const q = new BatchQueue<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await first.held;
      if (items.includes(3)) throw new Error('bad item');
      return items.map((i) => i * 10);
    });
    const all = [q.add(1), q.add(2), q.add(3), q.add(4)];
    first.release();
    const settled = await Promise.allSettled(all);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'failed'))).toEqual([10, 20, 'failed', 40]);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('is settled once nothing waits or runs', async () => {
    const first = gate();
    const done: number[] = [];
    const q = new BatchQueue<number, void>(async (items) => {
      await first.held;
      done.push(...items);
      return items.map(() => undefined);
    });
    void q.add(1);
    void q.add(2);
    const settled = q.settled().then(() => [...done]);
    first.release();
    expect(await settled).toEqual([1, 2]);
  });
});
