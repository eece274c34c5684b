// `npm run bench -- <scenario> [options]`: how many chargers one central system serves (README, "Benchmark").
// Starts the central system on its own database on a PostgreSQL server, drives it from worker processes,
// then drives a bare ocpp-rpc server with the same load for the ceiling; prints a table and writes JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SCENARIOS, isLoadProfile, type Scenario, type ScenarioName } from './scenarios.js';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { CENTRAL_SYSTEM, freePort, startTarget } from './target.js';
import { chargeBoxIds, log, measure, type Figures } from './measure.js';
import { measureConnectStorm, stormIds } from './measure-storm.js';
import { renderTable } from './report.js';
import { usage } from './usage.js';
import { runCluster } from './cluster/run.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    chargers: { type: 'string' }, connectors: { type: 'string' }, 'meter-interval-s': { type: 'string' },
    'duration-s': { type: 'string' }, workers: { type: 'string' }, step: { type: 'string' }, 'step-s': { type: 'string' },
    'outage-s': { type: 'string' }, load: { type: 'string' }, 'meter-values': { type: 'string' }, rate: { type: 'string' },
    known: { type: 'string' }, 'handshake-timeout-s': { type: 'string' }, 'no-ceiling': { type: 'boolean' }, 'database-url': { type: 'string' },
    out: { type: 'string' }, help: { type: 'boolean' },
    nodes: { type: 'string' }, via: { type: 'string' }, hold: { type: 'string' }, 'hold-rate': { type: 'string' }, 'hold-s': { type: 'string' },
  },
});

function scenarioFromArgs(): Scenario {
  // Usage asked for (--help) goes to stdout with status 0; no scenario or an unknown one is a usage error: 2.
  if (values.help) { process.stdout.write(`${usage()}\n`); process.exit(0); }
  const name = positionals[0] as ScenarioName | undefined;
  if (!name || !(name in SCENARIOS)) {
    console.error(`${name ? `unknown scenario: ${name}` : 'no scenario given'}\n\n${usage()}`);
    process.exit(2);
  }
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  const d = SCENARIOS[name];
  const load = values.load ?? d.load;
  if (!isLoadProfile(load)) { console.error(`--load must be mix or meter, not ${load}\n\n${usage()}`); process.exit(2); }
  return {
    ...d, load, meterValuesPerSession: num(values['meter-values'], d.meterValuesPerSession), ratePerS: num(values.rate, d.ratePerS),
    knownFraction: num(values.known, d.knownFraction), handshakeTimeoutS: num(values['handshake-timeout-s'], d.handshakeTimeoutS),
    chargers: num(values.chargers, d.chargers), connectors: num(values.connectors, d.connectors),
    meterIntervalS: num(values['meter-interval-s'], d.meterIntervalS), durationS: num(values['duration-s'], d.durationS),
    workers: num(values.workers, d.workers), stepChargers: num(values.step, d.stepChargers), stepS: num(values['step-s'], d.stepS),
    outageS: num(values['outage-s'], d.outageS), ceiling: values['no-ceiling'] ? false : d.ceiling,
  };
}

async function main(): Promise<void> {
  const s = scenarioFromArgs();
  const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (s.name === 'cluster') return runCluster(s, clusterOptions(serverUrl));
  const what = s.name === 'connect-storm' ? `${s.ratePerS}/s, ${s.knownFraction * 100}% registered` : `${s.load} load`;
  log(`${s.name}: ${s.chargers} chargers x ${s.connectors} connectors, ${what}, ${s.workers} load workers, database server ${new URL(serverUrl).host}`);
  const db = await createBenchDatabase(serverUrl);
  log(`database ${new URL(db.url).pathname.slice(1)}, dropped at the end`);
  dropOnInterrupt(db);
  const results: Figures[] = [];
  try {
    const storm = s.name === 'connect-storm';
    // connect-storm: the chargers not seeded are new, registered Accepted at their first handshake.
    await db.seed(storm ? stormIds(s).known : chargeBoxIds(0, s.chargers), s.connectors);
    const run = storm ? measureConnectStorm : measure;
    const ours = await startTarget('central system', CENTRAL_SYSTEM, await freePort(), {
      DATABASE_URL: db.url, LOG_LEVEL: 'warn', ADMIN_TOKEN: 'bench-admin-token', ...(storm ? { OCPP_AUTO_REGISTER: 'true' } : {}),
    });
    try { results.push(await run(s, ours, db)); } finally { await ours.stop(); }
    if (s.ceiling) {
      const bare = await startTarget('bare ocpp-rpc', 'bench/bare-server.ts', await freePort(), { PING_INTERVAL_MS: '30000' });
      try { results.push(await run(s, bare, null)); } finally { await bare.stop(); }
    }
  } finally {
    await db.drop();
  }
  process.stdout.write(`\n${renderTable(s, results)}\n`);
  // connect-storm only boots; saturation-meter names its load already.
  const load = s.name === 'connect-storm' || s.name.endsWith(`-${s.load}`) ? '' : `-${s.load}`;
  const out = values.out ?? `bench/results/${s.name}${load}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await mkdir(new URL('.', `file://${process.cwd()}/${out}`).pathname, { recursive: true });
  await writeFile(out, `${JSON.stringify({ scenario: s, at: new Date().toISOString(), results }, null, 2)}\n`);
  process.stdout.write(`results written to ${out}\n`);
}

function clusterOptions(serverUrl: string): Parameters<typeof runCluster>[1] {
  // workers by default: one process's listener needs no descriptor per connection, while HAProxy holds two, and
  // where the hard open-files limit cannot be raised (20,000 in this container) it stops at 9,900 chargers.
  const via = values.via ?? 'workers';
  if (via !== 'haproxy' && via !== 'workers') { console.error(`--via must be haproxy or workers, not ${via}\n\n${usage()}`); process.exit(2); }
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  return {
    nodes: num(values.nodes, 2), via, hold: num(values.hold, 25_000), holdRatePerS: num(values['hold-rate'], 500),
    holdS: num(values['hold-s'], 35), serverUrl, out: values.out,
  };
}

/** Ctrl-C (or a kill) mid-run still drops the run's database; the child processes get the signal themselves. */
function dropOnInterrupt(db: BenchDatabase): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: dropping the run's database`);
      db.drop().then(() => process.exit(130), (err: unknown) => { console.error('could not drop the database:', err); process.exit(1); });
    });
  }
}

main().catch((err: unknown) => { console.error('bench failed:', err); process.exit(1); });
