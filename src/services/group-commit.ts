// Group commit: items that arrive while groups are being written wait for the next group, which writes them
// all at once (one statement, one round trip). Each caller's promise resolves after its group has committed,
// so an answer still goes out only once its message is stored. When quiet, an item is written at once, alone.
// A failing group is written again item by item, so one bad item fails alone.

export interface GroupCommitOptions<I> {
  /** Groups written at once (a server: more than one, so a group's commit flush overlaps the next one's work). */
  concurrency: number;
  /** How much a group may hold at most, by the weight of its items (at least one item per group). */
  maxWeight: number;
  weigh(item: I): number;
}

interface Waiting<I, O> { input: I; resolve(o: O): void; reject(err: unknown): void }

export function makeGroupCommit<I, O>(writeAll: (inputs: I[]) => Promise<O[]>, o: GroupCommitOptions<I>) {
  const waiting: Array<Waiting<I, O>> = [];
  let writers = 0;

  function takeGroup(): Array<Waiting<I, O>> {
    let weight = 0;
    let n = 0;
    while (n < waiting.length) {
      const next = o.weigh((waiting[n] as Waiting<I, O>).input);
      if (n > 0 && weight + next > o.maxWeight) break;
      weight += next;
      n++;
    }
    return waiting.splice(0, n);
  }

  async function writeGroup(group: Array<Waiting<I, O>>): Promise<void> {
    try {
      const outcomes = await writeAll(group.map((w) => w.input));
      group.forEach((w, i) => w.resolve(outcomes[i] as O));
    } catch (err) {
      if (group.length === 1) return group[0]?.reject(err);
      for (const w of group) await writeGroup([w]);
    }
  }

  async function writeWhileWaiting(): Promise<void> {
    writers++;
    try {
      for (let group = takeGroup(); group.length > 0; group = takeGroup()) await writeGroup(group);
    } finally {
      writers--;
    }
  }

  return {
    /** Resolves once the item is committed (with others, or alone). */
    write(input: I): Promise<O> {
      return new Promise((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        if (writers < o.concurrency) void writeWhileWaiting();
      });
    },
  };
}
