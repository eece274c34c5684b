// Counts the SQL a test app sends, to pin how many statements and round trips an action costs. It counts and
// passes everything through (nothing is mocked): drizzle hands every statement, inside a transaction or not, to
// its session's logger (drizzle-orm pglite/session.js and node-postgres/session.js), and a transaction's
// session is made with the same options, so one logger sees them all. Top-level transactions are counted
// through Database.observeTimings, the metrics' seam. BEGIN and COMMIT are not statements of ours: node-postgres
// sends its BEGIN through the logger and PGlite does not, so they are left out of `statements` on both drivers
// and counted as two round trips per transaction instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../../src/store/db.js';
import type { EventBus } from '../../src/shared/events.js';

export interface StatementCount {
  /** Statements of the action itself: all but those its events' listeners (or an earlier action's) sent. */
  statements: number;
  /** Transactions the action's statements ran in (top-level ones; BEGIN and COMMIT are 2 round trips each). */
  transactions: number;
  roundTrips: number;
  /** Statements sent by event listeners: work set off after commit (the slot status refresh), not counted above. */
  byListeners: number;
  sql: string[];
}

export interface StatementCounter {
  /** The count since the last reset, then starts again from zero. Meant for one action at a time. */
  take(): StatementCount;
  reset(): void;
  detach(): void;
}

interface Logger { logQuery(query: string, params: unknown[]): void }
interface SessionInternals { logger: Logger; options: { logger?: Logger } }

const transactionControl = /^\s*(begin|commit|rollback)\b/i;

export function countStatements(app: { database: Database; events: EventBus }): StatementCounter {
  let sql: string[] = [];
  let transactions = 0;
  let byListeners = 0;
  // Services emit their events after the write is durable (after COMMIT) and the listeners run inside emit, so
  // whatever a listener sends, now or later (the slot refresh of a previous action may still be running when
  // the next one starts), carries this context and is told apart from the action's own statements.
  const inListener = new AsyncLocalStorage<true>();
  // drizzle keeps its session on the database object without typing it as public.
  const session = (app.database.db as unknown as { session: SessionInternals }).session;
  const before = { logger: session.logger, optionsLogger: session.options.logger, emit: app.events.emit };
  const logger: Logger = {
    logQuery(query, params) {
      if (inListener.getStore()) byListeners += 1;
      else if (!transactionControl.test(query)) sql.push(query);
      before.logger.logQuery(query, params);
    },
  };
  session.logger = logger;
  session.options.logger = logger;
  app.events.emit = function emit(this: EventBus, ...args: Parameters<EventBus['emit']>) {
    inListener.run(true, () => before.emit.apply(this, args));
  } as EventBus['emit'];
  const stopObserving = app.database.observeTimings((kind) => {
    if (kind === 'transaction' && !inListener.getStore()) transactions += 1;
  });
  const reset = () => { sql = []; transactions = 0; byListeners = 0; };
  return {
    take() {
      const count = { statements: sql.length, transactions, roundTrips: sql.length + 2 * transactions, byListeners, sql };
      reset();
      return count;
    },
    reset,
    detach() {
      stopObserving();
      session.logger = before.logger;
      session.options.logger = before.optionsLogger;
      app.events.emit = before.emit;
    },
  };
}
