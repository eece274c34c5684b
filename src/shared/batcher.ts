// The one batching primitive. Items that arrive while batches are being worked on wait for the next batch,
// which works on them all at once: under load one batch per round trip instead of one per item; when quiet an
// item is worked on at once, alone. Two ways to use it, one core:
//   - group commit (BatchQueue): each caller gets its own item's result once its batch is done, so an answer
//     still goes out only once its message is stored; a failing batch is worked again item by item, so one bad
//     item fails alone (its caller gets the error, the others their results);
//   - coalescing side work (Batcher): the caller learns only that a batch covering its item has run; a failure
//     goes to onError, once per batch. Side work may also gather for a while before each batch (gatherMs): no
//     answer to a charger waits on it, and a storm's events, spread over many turns of the event loop, form one
//     batch instead of one each.

export interface BatchLimits<I> {
  /** Batches worked on at once (default 1; on a server more, so one batch's commit flush overlaps the next one's work). */
  concurrency?: number;
  /** How much a batch may hold at most, by the weight of its items (at least one item per batch; default no limit). */
  maxWeight?: number;
  /** An item's weight (default 1). */
  weigh?: (item: I) => number;
  /** Before each batch, let whatever else this turn of the event loop brings join it (setImmediate): in a storm
   * the sockets read in one poll phase form one batch, though each would find a worker free (default false). */
  gatherTurn?: boolean;
}

interface Waiting<I, O> { item: I; resolve(o: O): void; reject(err: unknown): void }

/** The core: `work` returns one result per item, in the order given. */
export class BatchQueue<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private readonly workers = new Set<Promise<void>>();

  constructor(private readonly work: (items: I[]) => Promise<O[]>, private readonly limits: BatchLimits<I> = {}) {}

  /** Resolves with this item's result once its batch is done (with others, or alone); rejects with its failure. */
  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.workers.size < (this.limits.concurrency ?? 1)) {
        const worker: Promise<void> = this.workWhileWaiting().finally(() => this.workers.delete(worker));
        this.workers.add(worker);
      }
    });
  }

  /** Resolves when nothing is waiting or being worked on. */
  async settled(): Promise<void> {
    while (this.workers.size > 0) await Promise.all(this.workers);
  }

  private takeBatch(): Array<Waiting<I, O>> {
    const { maxWeight = Infinity, weigh = () => 1 } = this.limits;
    let weight = 0;
    let n = 0;
    while (n < this.waiting.length) {
      const next = weigh((this.waiting[n] as Waiting<I, O>).item);
      if (n > 0 && weight + next > maxWeight) break;
      weight += next;
      n++;
    }
    return this.waiting.splice(0, n);
  }

  private async workOn(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const results = await this.work(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as O));
    } catch (err) {
      if (batch.length === 1) return batch[0]?.reject(err);
      for (const w of batch) await this.workOn([w]);
    }
  }

  /** What to wait for before taking each batch, if anything (nothing at all keeps the first batch synchronous). */
  protected gather(): Promise<void> | undefined {
    return this.limits.gatherTurn ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined;
  }

  private async workWhileWaiting(): Promise<void> {
    for (;;) {
      const gathering = this.gather();
      if (gathering) await gathering;
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      await this.workOn(batch);
    }
  }
}

export interface SideWorkLimits<T> extends Pick<BatchLimits<T>, 'gatherTurn'> {
  /** Before each batch, gather what comes in this many milliseconds (a timer; instead of gatherTurn). In a storm
   * Node accepts one connection per event-loop turn, so a turn's group holds one charger's event (issue 14). */
  gatherMs?: number;
}

/**
 * Coalescing side work, one batch at a time: a failed batch goes to onError (never to the callers, never
 * retried item by item) and the next batch goes on. Only side work may gather for a time (gatherMs): the
 * group commit (BatchQueue) holds answers to chargers, which must not wait on a timer.
 */
export class Batcher<T> extends BatchQueue<T, void> {
  private readonly gatherMs: number;

  constructor(work: (items: T[]) => Promise<void>, onError: (err: unknown) => void, limits: SideWorkLimits<T> = {}) {
    const { gatherMs = 0, ...core } = limits;
    super(async (items) => {
      await work(items).catch(onError);
      return items.map(() => undefined);
    }, core);
    this.gatherMs = gatherMs;
  }

  protected override gather(): Promise<void> | undefined {
    if (this.gatherMs <= 0) return super.gather();
    return new Promise<void>((resolve) => setTimeout(resolve, this.gatherMs));
  }
}
