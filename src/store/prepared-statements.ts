// Every statement with parameters that the store sends to a PostgreSQL server more than once goes out as a named
// prepared statement, so each pooled connection parses, analyses and plans its text once instead of at every
// call. node-postgres prepares a query carrying a `name` once per connection and then only binds and executes
// it. A name must always stand for the same text on a connection, so names are given per text and never reused.
//
// Why (issue 14): with chargers storming in or the transaction mix running, the host's CPU is the limit and
// PostgreSQL takes as much of it as we do. Planning was a large share of that: the connector status group (a CTE
// of five data-modifying parts) spent 0.7 ms planning against 1.5 ms executing per call in a connect storm.
//
// Bounded: a text is named at its second sight (one-off statements never are), and at most `max` texts get a
// name, so statements whose text varies (an IN list of any length) cannot fill the server's memory with plans.
import pg from 'pg';

export interface StatementNameLimits {
  /** Texts named at most (per process: every pooled connection prepares those it runs). */
  max?: number;
  /** The sight at which a text is named. */
  nameAt?: number;
}

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly max: number;
  private readonly nameAt: number;

  constructor(o: StatementNameLimits = {}) {
    this.max = o.max ?? 1_000;
    this.nameAt = o.nameAt ?? 2;
  }

  /** The name for this text, or undefined while it is not (yet) worth one. */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.max) return name;
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count < this.nameAt) {
      // Bounded like the names: a flood of one-off texts forgets all sightings and starts again.
      if (this.seen.size >= this.max * 4) this.seen.clear();
      this.seen.set(text, count);
      return undefined;
    }
    this.seen.delete(text);
    const named = `cs${this.names.size + 1}`;
    this.names.set(text, named);
    return named;
  }

  get size(): number { return this.names.size; }
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** A pg Client class whose statements with a text go out named, as `names` says (see the top). */
export function namingClient(names: StatementNames): typeof pg.Client {
  class NamingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const query = (this.query as Query).bind(this);
      (this as { query: Query }).query = (config, values, callback) => {
        const c = config as { text?: unknown; name?: unknown } | null;
        if (c === null || typeof c !== 'object' || typeof c.text !== 'string' || c.name !== undefined) return query(config, values, callback);
        const name = names.nameFor(c.text);
        return query(name === undefined ? config : { ...c, name }, values, callback);
      };
    }
  }
  return NamingClient;
}
