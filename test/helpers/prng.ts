// A seeded pseudo-random generator for tests that draw random inputs (the fuzz test, the allocator's property
// test): the same seed gives the same draws, so a failure is reproduced from the seed it printed.

/** mulberry32: small, fast, and good enough for test inputs. */
export class Prng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[this.int(xs.length)]!;
  }

  /** An independent stream for one socket, so its frames do not depend on how the others interleave. */
  fork(index: number): Prng {
    return new Prng(Math.imul(this.seed ^ 0x9e3779b9, index + 1) ^ (index * 0x85ebca6b));
  }
}
