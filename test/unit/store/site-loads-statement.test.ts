// The balancer's one read of a site (store/site-loads.ts) is the statement committed beside it for review
// (src/store/site-loads.sql), comments and spacing aside.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { siteLoadStatement } from '../../../src/store/site-loads.js';

const normalized = (sql: string) => sql.replace(/--.*$/gm, '').replace(/\s+/g, ' ').trim();

describe('the site load statement', () => {
  it('is the one committed in src/store/site-loads.sql', async () => {
    const sent = new PgDialect().sqlToQuery(siteLoadStatement(7));
    const committed = await readFile(new URL('../../../src/store/site-loads.sql', import.meta.url), 'utf8');
    expect(normalized(sent.sql)).toBe(normalized(committed));
    expect(sent.params).toEqual([7]);
  });
});
