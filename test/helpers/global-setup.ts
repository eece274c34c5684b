// Migrate once, copy per test file. With DATABASE_URL (CI, and anyone with a server) the template is a
// PostgreSQL database each file clones with CREATE DATABASE … TEMPLATE; without it, an embedded PGlite is
// migrated once and its data directory dumped to a file each test file loads (STACK.md: 1 s instead of 3-5 s).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/store/db.js';
import { withDatabase } from './database-url.js';
import { resolveChromiumPath } from './chromium-binary.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'server'; adminUrl: string; template: string } | { kind: 'embedded'; dumpPath: string };
    /** The browser for test/browser, or why there is none (the browser tests then fail with it). */
    chromium: { path: string } | { error: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('chromium', await resolveChromiumPath().then((path) => ({ path }), (err: Error) => ({ error: err.message })));
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const template = `chargesync_test_template_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const db = await openDatabase({ kind: 'server', url: withDatabase(adminUrl, template) });
    await db.migrate();
    await db.close();
    project.provide('testDatabase', { kind: 'server', adminUrl, template });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  const db = await openDatabase({ kind: 'embedded' });
  await db.migrate();
  const dump = await db.dumpEmbedded();
  await db.close();
  mkdirSync('.tmp', { recursive: true });
  const dumpPath = `.tmp/test-template-${process.pid}.tar`;
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('testDatabase', { kind: 'embedded', dumpPath });
  return async () => rmSync(dumpPath, { force: true });
}
