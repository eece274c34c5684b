// Query plans of the lists (issue 18: "a test with 20,000 stations shows each list answers within one page's
// work"): the exact statement a store function sends is captured, EXPLAINed with its own parameters, and the
// plan is asserted to go through the named index and never to read a whole table. A plan, not a timer: it holds
// on a slow machine and fails on a fast one that scans. Works on PGlite and on a PostgreSQL server alike.
import { sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/store/db.js';

/** One statement as the driver received it. */
export interface Statement { sql: string; params: unknown[] }

interface Logger { logQuery(query: string, params: unknown[]): void }
interface SessionInternals { logger: Logger; options: { logger?: Logger } }

/**
 * The statements `run` sent through `db`, in order. drizzle hands every statement to its session's logger
 * (as test/helpers/statement-counter.ts observes them), so this sees exactly what the store runs.
 */
export async function captureStatements(db: Db, run: () => Promise<unknown>): Promise<Statement[]> {
  const session = (db as unknown as { session: SessionInternals }).session;
  const before = { logger: session.logger, optionsLogger: session.options.logger };
  const seen: Statement[] = [];
  const logger: Logger = {
    logQuery(query, params) {
      seen.push({ sql: query, params: [...params] });
      before.logger.logQuery(query, params);
    },
  };
  session.logger = logger;
  session.options.logger = logger;
  try {
    await run();
  } finally {
    session.logger = before.logger;
    session.options.logger = before.optionsLogger;
  }
  return seen;
}

/** The one statement `run` sent (a list's read is one statement; two would be a failure of its own). */
export async function captureStatement(db: Db, run: () => Promise<unknown>): Promise<Statement> {
  const statements = await captureStatements(db, run);
  expect(statements, 'the list is read in one statement').toHaveLength(1);
  return statements[0]!;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** Every node's type, depth first ("Limit", "Index Scan", "Bitmap Heap Scan", ...). */
  nodeTypes: string[];
  /** The indexes the plan reads (Index Scan, Index Only Scan, Bitmap Index Scan). */
  indexes: string[];
  /** The tables read whole (Seq Scan). */
  seqScans: string[];
  /** The plan as PostgreSQL gave it, for a failure's message. */
  text: string;
}

/** EXPLAIN (FORMAT JSON) of a statement with its parameters: planned as the driver's own execution plans it. */
export async function explainPlan(db: Db, statement: Statement): Promise<PlanSummary> {
  // Both drivers' clients (pg.Pool, PGlite) take (text, params) and answer { rows }.
  const client = (db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params);
  const cell = rows[0]!['QUERY PLAN'];
  // node-postgres parses json columns; PGlite may give the text.
  const doc = (typeof cell === 'string' ? JSON.parse(cell) : cell) as Array<{ Plan: PlanNode }>;
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode): void => { nodes.push(n); n.Plans?.forEach(walk); };
  walk(doc[0]!.Plan);
  return {
    nodeTypes: nodes.map((n) => n['Node Type']),
    indexes: nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])),
    seqScans: nodes.flatMap((n) => (n['Node Type'] === 'Seq Scan' ? [n['Relation Name'] ?? '?'] : [])),
    text: JSON.stringify(doc[0]!.Plan, null, 1),
  };
}

/** The plan reads `index` (one of them, when several would do) and reads none of `tables` whole. */
export function expectIndexed(plan: PlanSummary, o: { index: string | string[]; noSeqScanOn: string[] }): void {
  const wanted = Array.isArray(o.index) ? o.index : [o.index];
  expect(plan.indexes.some((i) => wanted.includes(i)), `plan uses ${wanted.join(' or ')}:\n${plan.text}`).toBe(true);
  for (const table of o.noSeqScanOn) {
    expect(plan.seqScans, `no Seq Scan on ${table}:\n${plan.text}`).not.toContain(table);
  }
}

/** Fresh statistics, so the planner sees the seeded rows as they are (autovacuum would, later). */
export async function analyze(db: Db, tables: string[]): Promise<void> {
  for (const table of tables) await db.execute(sql.raw(`ANALYZE ${table}`));
}

/**
 * `count` stations in one INSERT … SELECT generate_series: chargeBoxIds `${prefix}-00001`…, registered now,
 * Accepted and active. Returns their ids, in chargeBoxId order.
 */
export async function seedStations(db: Db, count: number, prefix: string): Promise<number[]> {
  const result = await db.execute(sql`
    INSERT INTO stations (charge_box_id, name, registration_status)
    SELECT ${prefix} || '-' || lpad(i::text, 5, '0'), 'Seeded ' || i, 'Accepted' FROM generate_series(1, ${count}::int) AS i
    RETURNING id`);
  return (result as unknown as { rows: Array<{ id: number }> }).rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The rows a raw statement returned (drizzle's execute() types its result per driver; both carry `rows`). */
export async function sqlRows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}
