// For tests that look at the raw wire: the next frame the central system sends, whatever it is.
export class NextFrames {
  private waiters: Array<(frame: string) => void> = [];

  next(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Every waiter gets this frame; later frames go to later waiters. */
  deliver(frame: string): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(frame);
  }
}
