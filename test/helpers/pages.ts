// Walking a keyset-paged list (api/router.ts sendPage) as a client does: each page's body is its rows, and the next
// page is the Link rel="next" URL (the same cursor as X-Next-Cursor) until a page has none.
import type { App } from '../../src/app.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

export interface PageAnswer<T> { status: number; body: T[]; nextCursor: string | null; next: string | null }

/** One page of /api`path`, with where the next one starts. */
export async function getPage<T = any>(app: App, path: string, token = TEST_ADMIN_TOKEN): Promise<PageAnswer<T>> {
  const res = await fetch(`${app.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as T[];
  const link = /^<\/api([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '');
  return { status: res.status, body, nextCursor: res.headers.get('x-next-cursor'), next: link?.[1] ?? null };
}

/**
 * Every row of the list, page after page; `between(n)` runs after the nth page is read (rows written meanwhile).
 * Throws on a non-200 page, and after 1,000 pages (a cursor that never ends).
 */
export async function walkPages<T = any>(app: App, path: string, between?: (pagesRead: number) => Promise<void>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next !== null) {
    if (pages >= 1_000) throw new Error(`${path}: more than 1,000 pages`);
    const page: PageAnswer<T> = await getPage<T>(app, next);
    if (page.status !== 200) throw new Error(`${next}: ${page.status} ${JSON.stringify(page.body)}`);
    rows.push(...page.body);
    pages += 1;
    next = page.next;
    if (next !== null) await between?.(pages);
  }
  return { rows, pages };
}
