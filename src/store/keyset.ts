// Keyset paging in SQL (domain/paging.ts): a page is the rows after the cursor's key in the list's order, read as
// one index range. `(a, b) > ($a, $b)` is a row comparison, which PostgreSQL answers from an index on (a, b).
import { sql, type Column, type SQL } from 'drizzle-orm';
import { pageOf, type CursorKey, type Page } from '../domain/paging.js';
import { prefixPattern } from '../domain/station-filters.js';

/** A decoded cursor: one value per sort column, the row id last (api/validation.ts cursorParam). */
export type KeyValues = ReadonlyArray<string | number | Date | null>;

/** What a list route asks for: limit, and either the cursor's key or (old clients) an offset. */
export interface PageRequest {
  limit: number;
  cursor?: KeyValues;
  offset?: number;
}

/** The rows after (asc) or before (desc) `key` in the order of `columns`; undefined on the first page. */
export function afterKey(columns: readonly Column[], key: KeyValues | undefined, dir: 'asc' | 'desc'): SQL | undefined {
  if (key === undefined) return undefined;
  const left = sql.join(columns.map((c) => sql`${c}`), sql`, `);
  const right = sql.join(columns.map((c, i) => sql.param(key[i], c)), sql`, `);
  return dir === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

/** ORDER BY these columns in one direction. */
export const orderOf = (columns: readonly Column[], dir: 'asc' | 'desc'): SQL[] =>
  columns.map((c) => (dir === 'asc' ? sql`${c} asc` : sql`${c} desc`));

/** Reads limit + 1 rows (the extra one only says there is a next page) and makes the page. */
export async function readPage<T>(
  p: PageRequest, read: (limit: number, offset: number) => Promise<T[]>, keyOf: (row: T) => CursorKey,
): Promise<Page<T>> {
  return pageOf(await read(p.limit + 1, p.offset ?? 0), p.limit, keyOf);
}

/** `lower(column) LIKE 'prefix%'` (its wildcards taken literally): the text_pattern_ops index on lower(column)
 * answers it as a range, whatever the database's collation. */
export const startsWith = (column: Column, prefix: string): SQL => sql`lower(${column}) LIKE ${prefixPattern(prefix)}`;
