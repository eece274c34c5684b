// The database a central system run as a real process uses (test/process): a database of its own on
// DATABASE_URL's server when set, else an embedded one in a fresh DATA_DIR. `env` is what the process needs.
import { rmSync } from 'node:fs';
import { scratchDir } from './scratch-dir.js';
import type { DatabaseTarget } from '../../src/store/db.js';
import { createServerDatabaseUrl } from './test-database.js';

export interface ProcessDatabase {
  target: DatabaseTarget;
  env: Record<string, string>;
  remove(): Promise<void>;
}

export async function createProcessDatabase(prefix: string): Promise<ProcessDatabase> {
  const server = await createServerDatabaseUrl();
  if (server) return { target: { kind: 'server', url: server.url }, env: { DATABASE_URL: server.url }, remove: server.drop };
  const dataDir = scratchDir(prefix);
  return {
    target: { kind: 'embedded', dataDir },
    env: { DATABASE_URL: '', DATA_DIR: dataDir },
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
