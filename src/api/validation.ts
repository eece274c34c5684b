// Validation at the edge: a bad request is a 400 whose message names the field, and nothing runs behind it.
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { decodeCursor, MAX_PAGE_LIMIT, type CursorShape } from '../domain/paging.js';

export type InputPart = 'path' | 'query' | 'body';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.flatMap((i) => {
    const at = i.path.map(String);
    // An unknown key is named itself, not its parent object.
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => ({ field: [...at, key].join('.'), in: part, message: `unknown field ${key}` }));
    }
    return [{ field: at.length ? at.join('.') : part, in: part, message: i.message }];
  });
  const first = fields[0]!;
  throw new AppError('BadRequest', `${first.field}: ${first.message}`, { fields });
}

const MAX_ID = 2_147_483_647;

/** A path id: digits only ("BOOK17629…" or "1.5" is a 400 naming the field, never a fallback). */
export const idParam = (name: string) =>
  z.string()
    .regex(/^[0-9]+$/, `${name} must be a positive integer`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ID, `${name} must be a positive integer`);

/** An id in a JSON body or query: a JSON integer, not a string that looks like one. */
export const idField = (name: string) =>
  z.number({ error: `${name} must be a positive integer` }).int(`${name} must be a positive integer`).min(1).max(MAX_ID);

/** An id in a query string, where everything arrives as text. */
export const idQuery = idParam;

export const isoDateTime = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time` }).transform((s) => new Date(s));

export const paging = {
  limit: z.string().regex(/^[0-9]+$/, 'limit must be a positive integer').transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE_LIMIT, `limit must be between 1 and ${MAX_PAGE_LIMIT}`).optional(),
  offset: z.string().regex(/^[0-9]+$/, 'offset must be a non-negative integer').transform(Number).optional(),
};

/** ?cursor=: a nextCursor this list returned, decoded to its sort key; anything else is a 400 naming cursor. */
export const cursorParam = (shape: CursorShape) =>
  z.string().max(2000, 'cursor must be a nextCursor this list returned').transform((s, ctx) => {
    const key = decodeCursor(s, shape);
    if (key === null) {
      ctx.addIssue({ code: 'custom', message: 'cursor must be a nextCursor this list returned' });
      return z.NEVER;
    }
    return key;
  }).meta({ description: 'The nextCursor of the previous page (also in the X-Next-Cursor and Link headers)' });

/** A keyset-paged list's query: limit (default 50, at most 500) and cursor. */
export const keysetPaging = (shape: CursorShape) => ({
  limit: paging.limit,
  cursor: cursorParam(shape).optional(),
});
