// The rooms' import boundaries (STYLE.md, "Rooms and the way data flows") as config/eslint.config.js encodes them:
// each import below is linted as if it sat in a file of that room, through ESLint's own API with our config.
// Import texts are the forms this repository uses ('../store/index.js', '../../store/db.js').
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;

// The type-aware rules need a real file in the TypeScript project; these snippets are not files, so the type
// information is switched off for this check alone: it is about no-restricted-imports only.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: 'config/eslint.config.js',
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message);
}

const refused = [
  // ocpp-rpc only through the adapter, the one file that knows its internals.
  ['src/ocpp/x.ts', "import { RPCServer } from 'ocpp-rpc';"],
  ['src/ocpp/handlers/x.ts', "import standard from 'ocpp-rpc/lib/standard-validators.js';"],
  ['src/ocpp/rpc-adapter.ts', "import { store } from '../store/index.js';"],
  ['src/api/routes/x.ts', "import '../../store/db.js';"],
  ['src/api/routes/x.ts', "import type { Queryable } from '../../store/db.js';"],
  ['src/api/x.ts', "import { store } from '../store/index.js';"],
  ['src/api/routes/x.ts', "import type { Inbound } from '../../ocpp/wire/index.js';"],
  ['src/api/x.ts', "import { TimeoutError } from 'ocpp-rpc';"],
  ['src/domain/x.ts', "import { readFileSync } from 'node:fs';"],
  ['src/domain/x.ts', "import { createServer } from 'node:net';"],
  ['src/domain/x.ts', "import pg from 'pg';"],
  ['src/domain/x.ts', "import { eq } from 'drizzle-orm';"],
  ['src/domain/x.ts', "import { PGlite } from '@electric-sql/pglite';"],
  ['src/domain/x.ts', "import { logger } from '../shared/logger.js';"],
  ['src/domain/x.ts', "import { systemClock } from '../shared/clock.js';"],
  ['src/domain/x.ts', "export { store } from '../store/index.js';"],
  ['src/store/x.ts', "import { x } from '../services/index.js';"],
  ['src/store/schema/x.ts', "import type { Inbound } from '../../ocpp/wire/index.js';"],
  ['src/services/x.ts', "import { x } from '../ocpp/commands.js';"],
  ['src/services/x.ts', "import { Router } from 'express';"],
  ['src/services/x.ts', "import { x } from '../realtime/event-stream.js';"],
  ['src/ocpp/handlers/x.ts', "import { store } from '../../store/index.js';"],
  ['src/ocpp/x.ts', "import { x } from '../jobs/index.js';"],
  ['src/realtime/x.ts', "import { store } from '../store/index.js';"],
  ['src/jobs/x.ts', "import { x } from '../ocpp/commands.js';"],
  ['simulators/x.ts', "import { store } from '../src/store/index.js';"],
  ['simulators/x.ts', "import { x } from '../src/services/index.js';"],
  ['src/web/js/x.js', "import '../../services/index.js';"],
  ['src/web/js/x.js', "import { z } from 'zod';"],
  ['src/services/x.ts', "import { testCardProvider } from '../payments/test-card-provider.js';"],
  ['src/payments/x.ts', "import { store } from '../store/index.js';"],
  ['src/payments/x.ts', "import { x } from '../services/index.js';"],
] as const;

const allowed = [
  ['src/api/routes/x.ts', "import { x } from '../../services/index.js';"],
  ['src/api/x.ts', "import { Router } from 'express';"],
  ['src/domain/x.ts', "import { ok } from '../shared/result.js';"],
  ['src/domain/x.ts', "import { AppError } from '../shared/errors.js';"],
  ['src/domain/x.ts', "import { createHash } from 'node:crypto';"],
  ['src/store/x.ts', "import type { Booking } from '../domain/model.js';"],
  ['src/store/x.ts', "import pg from 'pg';"],
  ['src/services/x.ts', "import { store } from '../store/index.js';"],
  ['src/services/x.ts', "import type { ChargerCommands } from './ports.js';"],
  ['src/ocpp/handlers/x.ts', "import type { Booking } from '../../domain/model.js';"],
  ['src/ocpp/x.ts', "import { x } from '../services/index.js';"],
  ['src/ocpp/rpc-adapter.ts', "import rpc from 'ocpp-rpc';"],
  ['src/ocpp/rpc-adapter-validation.ts', "import rpc from 'ocpp-rpc';"],
  ['simulators/x.ts', "import type { Inbound } from '../src/ocpp/wire/index.js';"],
  ['simulators/x.ts', "import { RPCClient } from 'ocpp-rpc';"],
  ['src/web/js/x.js', "import { el } from './dom.js';"],
  ['src/payments/x.ts', "import type { PaymentProvider } from '../domain/card-payments.js';"],
  ['src/services/x.ts', "import type { PaymentProvider } from '../domain/card-payments.js';"],
] as const;

describe('import boundaries between the rooms (config/eslint.config.js)', () => {
  it.each(refused)('%s: refuses %s, citing STYLE.md', async (file, code) => {
    const problems = await importProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('STYLE.md');
  });

  it.each(allowed)('%s: allows %s', async (file, code) => {
    expect(await importProblems(file, code)).toEqual([]);
  });
});
