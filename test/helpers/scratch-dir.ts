// A fresh directory under .tmp/ (git-ignored) for what a test helper runs: a database, a nats-server store, an
// HAProxy run copy. .tmp/ itself may not exist yet: a fresh clone running one test file has none.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

export function scratchDir(prefix: string): string {
  mkdirSync('.tmp', { recursive: true });
  return mkdtempSync(join('.tmp', `${prefix}-`));
}
