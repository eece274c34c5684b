// What the central system's RSS before any charger is made of: the modules it loads, one group at a time, each
// step's growth in RSS and V8 heap after a full GC. Run it as the bench runs the server (under tsx):
//
//   node --expose-gc --import tsx bench/startup-memory.ts
//
// The order matters (a module shared by two groups is counted in the first); the groups follow the composition
// root's imports (src/main.ts → src/app.ts) on a PostgreSQL server; the embedded database's driver (PGlite) is
// loaded only without DATABASE_URL (store/db-embedded.ts) and comes last, apart.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx');

interface Step { name: string; load: () => Promise<unknown> }

const STEPS: Step[] = [
  { name: 'ws + ocpp-rpc (ajv, its schemas)', load: () => import('ocpp-rpc') },
  { name: 'pg', load: () => import('pg') },
  { name: 'drizzle-orm (+ its node-postgres driver)', load: async () => Promise.all([import('drizzle-orm'), import('drizzle-orm/node-postgres')]) },
  { name: 'express', load: () => import('express') },
  { name: 'zod', load: () => import('zod') },
  { name: 'pino + pino-http + pino-pretty', load: async () => Promise.all([import('pino'), import('pino-http'), import('pino-pretty')]) },
  { name: 'prom-client', load: () => import('prom-client') },
  { name: 'node-cron', load: () => import('node-cron') },
  { name: 'src/store (schema, migrations code)', load: () => import('../src/store/db.js') },
  { name: 'src/ocpp (handlers, leniency, wire types)', load: () => import('../src/ocpp/server.js') },
  { name: 'src/app.ts and the rest of src', load: () => import('../src/app.js') },
  { name: 'the OCPP 1.6 validator, all schemas compiled', load: compileAllSchemas },
  { name: 'the embedded database only: PGlite and its drizzle driver', load: async () => Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]) },
];

async function compileAllSchemas(): Promise<void> {
  const { ocpp16Schemas, standardValidator } = await import('../src/ocpp/rpc-adapter.js');
  const validator = standardValidator('ocpp1.6');
  for (const schema of ocpp16Schemas()) {
    try { validator.validate(schema.$id ?? '', {}); } catch { /* an empty payload fails most schemas: compiled all the same */ }
  }
}

async function rssMb(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile('/proc/self/status', 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function settled(): Promise<{ rss: number; heap: number }> {
  gc?.();
  await new Promise((r) => setTimeout(r, 300)); // V8 gives freed pages back off the main thread
  gc?.();
  return { rss: await rssMb(), heap: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function main(): Promise<void> {
  let last = await settled();
  process.stdout.write(`node + tsx before any import: RSS ${last.rss.toFixed(1)} MB, heap ${last.heap.toFixed(1)} MB\n`);
  for (const step of STEPS) {
    await step.load();
    const now = await settled();
    process.stdout.write(`${`+${(now.rss - last.rss).toFixed(1)}`.padStart(7)} MB RSS ${`+${(now.heap - last.heap).toFixed(1)}`.padStart(7)} MB heap  ${step.name}\n`);
    last = now;
  }
  process.stdout.write(`all loaded: RSS ${last.rss.toFixed(1)} MB, heap ${last.heap.toFixed(1)} MB\n`);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
