// The query of a keyset-paged list (domain/paging.ts): the list's filters, limit, cursor, and offset for the old
// clients; a cursor and an offset together are a 400 naming cursor (the cursor already says where to start).
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, type CursorShape } from '../../domain/paging.js';
import { keysetPaging, paging } from '../validation.js';

export function pagedQuery<F extends z.ZodRawShape>(shape: CursorShape, filters: F) {
  return z.strictObject({ ...filters, ...keysetPaging(shape), offset: paging.offset })
    .refine((q: { cursor?: unknown; offset?: unknown }) => q.cursor === undefined || q.offset === undefined,
      { path: ['cursor'], message: 'cursor and offset cannot be used together: a cursor already says where the page starts' });
}

/** Splits a parsed paged query into the list's filter and the page asked for (limit 50 unless given). */
export function splitPage<Q extends { limit?: number | undefined; cursor?: unknown; offset?: number | undefined }>(query: Q) {
  const { limit, cursor, offset, ...filter } = query;
  return {
    filter,
    page: {
      limit: limit ?? DEFAULT_PAGE_LIMIT,
      ...(cursor === undefined ? {} : { cursor: cursor as Array<string | number | Date | null> }),
      ...(offset === undefined ? {} : { offset }),
    },
  };
}
