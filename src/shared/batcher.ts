// Gathers items that arrive while a batch is being worked on, and works on them together next: under load one
// batch per round trip instead of one per item; when quiet an item is worked on at once, alone.
export class Batcher<T> {
  private pending: Array<{ item: T; done: () => void }> = [];
  private running: Promise<void> | null = null;

  constructor(private readonly work: (items: T[]) => Promise<void>, private readonly onError: (err: unknown) => void) {}

  /** Resolves when the batch that took this item has been worked on (a failure goes to onError, not here). */
  add(item: T): Promise<void> {
    const covered = new Promise<void>((done) => this.pending.push({ item, done }));
    this.running ??= this.drain().finally(() => { this.running = null; });
    return covered;
  }

  /** Resolves when nothing is pending or running. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.work(batch.map((p) => p.item)).catch(this.onError);
      batch.forEach((p) => p.done());
    }
  }
}
