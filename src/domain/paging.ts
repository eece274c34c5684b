// Keyset paging for every list: a page is the rows after the last one the caller saw, in the list's order, so a
// page costs one index range however deep it is, and a row inserted meanwhile never shifts the next page (an
// offset would show a row twice or skip one). The cursor is opaque to callers: the list's sort key of the last
// row, base64url JSON.

export interface Page<T> {
  items: T[];
  /** Pass as ?cursor= for the rows after these; null: this was the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** One value per sort column, the row id last. Dates travel as ISO strings. */
export type CursorKey = ReadonlyArray<string | number | null>;

/** What each position of a list's key holds, checked on the way back in. */
export type CursorShape = ReadonlyArray<'string' | 'number' | 'date' | 'string|null' | 'date|null'>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor carries, or null when it is not one this list gave (wrong shape or types): the caller's 400. */
export function decodeCursor(cursor: string, shape: CursorShape): Array<string | number | Date | null> | null {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(key) || key.length !== shape.length) return null;
  const out: Array<string | number | Date | null> = [];
  for (let i = 0; i < shape.length; i++) {
    const v: unknown = key[i];
    const kind = shape[i]!;
    if (v === null && kind.endsWith('|null')) { out.push(null); continue; }
    if (kind.startsWith('string') && typeof v === 'string') { out.push(v); continue; }
    if (kind === 'number' && typeof v === 'number' && Number.isSafeInteger(v)) { out.push(v); continue; }
    if (kind.startsWith('date') && typeof v === 'string' && !Number.isNaN(Date.parse(v))) { out.push(new Date(v)); continue; }
    return null;
  }
  return out;
}

/** A page from rows read with limit + 1: the extra row only says that there is a next page. */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  if (rows.length <= limit) return { items: [...rows], nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}
