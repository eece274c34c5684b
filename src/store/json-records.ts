// Rows of a table written and read by hand-written statements, for the groups that run at every message (issue 14).
//
// Why: drizzle builds a multi-row insert with one parameter per value and walks every one of them again at each
// call (sqlToQuery). In `saturation`, building the StartTransaction group's insert took 370 µs of our CPU (3 rows
// on average) and the StopTransaction group's invoices 450 µs (5 rows), more than PostgreSQL took to run them;
// and each number of rows was another statement text to parse and plan. Here the rows go in as ONE JSON
// parameter read back with jsonb_to_recordset: the text is the same whatever the number of rows (prepared once per
// pooled connection, store/prepared-statements.ts) and building it is a handful of chunks. What comes back
// (RETURNING) is read with store/raw-rows.ts, as drizzle decodes a select.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { quoted } from './raw-rows.js';

/** A value as the record set's JSON carries it: as drizzle sends it, but JSON columns as the value itself. */
function encoder(column: PgColumn): (value: unknown) => unknown {
  const json = column.dataType === 'json';
  return (value) => (value === null || value === undefined ? null : json ? value : column.mapToDriverValue(value));
}

/** The record set's type for a column: a serial is an integer once it holds a value. */
const recordType = (column: PgColumn): string =>
  ({ serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' } as Record<string, string>)[column.getSQLType()] ?? column.getSQLType();

interface Shape {
  /** The columns, quoted and comma-separated: the insert's list and the select's alike. */
  columns: SQL;
  /** `r(name type, …)`, the record set's definition. */
  definition: string;
  /** Each row's record, keyed by column name. */
  record: (row: Record<string, unknown>) => Record<string, unknown>;
}

const shapes = new WeakMap<PgTable, Map<string, Shape>>();

/** Computed once per table and set of keys: a group's statement pays only for its rows' JSON. */
function shapeOf(table: PgTable, keys: readonly string[], extra: Readonly<Record<string, string>>): Shape {
  const id = `${keys.join(',')}|${Object.entries(extra).join(',')}`;
  let byKeys = shapes.get(table);
  if (!byKeys) shapes.set(table, (byKeys = new Map()));
  const known = byKeys.get(id);
  if (known) return known;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const columns = keys.map((key) => {
    const column = all[key];
    if (!column) throw new Error(`no column ${key} in the table`);
    return { key, column, name: column.name, encode: encoder(column) };
  });
  const extras = Object.entries(extra);
  const shape: Shape = {
    columns: sql.raw(columns.map((c) => quoted(c.name)).join(', ')),
    definition: [...columns.map((c) => `${quoted(c.name)} ${recordType(c.column)}`), ...extras.map(([name, type]) => `${quoted(name)} ${type}`)].join(', '),
    record: (row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) out[c.name] = c.encode(row[c.key]);
      for (const [name] of extras) out[name] = row[name] ?? null;
      return out;
    },
  };
  byKeys.set(id, shape);
  return shape;
}

export interface JsonRecords {
  /** The columns written, quoted and comma-separated: `INSERT INTO t (${columns}) SELECT ${columns} FROM ${from}`. */
  columns: SQL;
  /** `jsonb_to_recordset($1::jsonb) AS r(…)`: one record per row, in the order given. */
  from: SQL;
}

/**
 * `rows` as a record set `r` of one JSON parameter, with the table's columns named by `keys` (drizzle's names) and
 * the `extra` fields (record field name → SQL type, read from the row under that same name) that the statement
 * uses but the table does not hold.
 */
export function jsonRecords<T extends PgTable, K extends keyof T['$inferInsert'] & string>(
  table: T, keys: readonly K[], rows: ReadonlyArray<Pick<T['$inferInsert'], K>>, extra: Readonly<Record<string, string>> = {},
): JsonRecords {
  const shape = shapeOf(table, keys, extra);
  const json = JSON.stringify(rows.map((row) => shape.record(row as Record<string, unknown>)));
  return { columns: shape.columns, from: sql`jsonb_to_recordset(${json}::jsonb) AS r(${sql.raw(shape.definition)})` };
}
