// Rows of hand-written statements (db.execute), decoded as drizzle decodes a select (issue 14).
//
// Why: for the statements run at every message, drizzle's query builder cost more of our CPU than PostgreSQL took
// to run them. It walks every selected column at every call: the StartTransaction group's read (70 columns of six
// tables) took 290 µs to build, the StopTransaction group's lock 180 µs. Written by hand, a statement's column
// lists are built once at module load (columnsAs) and its rows are read back here, each value decoded by its own
// column (timestamps to Date, bigint columns in number mode to numbers, JSON parsed), so the domain sees exactly
// what a drizzle select would have given it.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

type RawRow = Record<string, unknown>;

/** The rows of a db.execute result, on either driver. */
export const rowsOf = <R = RawRow>(result: unknown): R[] => (result as { rows: R[] }).rows;

/** A name as a quoted SQL identifier. */
export const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const columnsOf = (table: PgTable) => Object.entries(getTableColumns(table) as Record<string, PgColumn>);

/** `"alias"."col" AS "<prefix>col", …` for every column of the table: a select list, built once by the caller. */
export function columnsAs(table: PgTable, alias: string, prefix: string): string {
  return columnsOf(table).map(([, c]) => `${quoted(alias)}.${quoted(c.name)} AS ${quoted(prefix + c.name)}`).join(', ');
}

/** Reads a row of `table` from a raw row whose columns are named `<prefix><column name>` (RETURNING *: no prefix). */
export function tableRowReader<T extends PgTable>(table: T, prefix = ''): (raw: RawRow) => T['$inferSelect'] {
  const columns = columnsOf(table).map(([key, column]) => ({ key, column, name: prefix + column.name }));
  return (raw) => {
    const out: RawRow = {};
    for (const { key, column, name } of columns) {
      const value = raw[name];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  };
}

/** tableRowReader for a LEFT JOINed table: null where the join met no row (its primary key is null). */
export function joinedRowReader<T extends PgTable>(table: T, prefix: string): (raw: RawRow) => T['$inferSelect'] | null {
  const primary = columnsOf(table).find(([, c]) => c.primary)?.[1];
  if (!primary) throw new Error('a joined table is read by its primary key, and this one has none');
  const key = prefix + primary.name;
  const read = tableRowReader(table, prefix);
  return (raw) => (raw[key] === null || raw[key] === undefined ? null : read(raw));
}
