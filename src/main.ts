// The composition root: config → logger → database → app → signals. `npm start` runs this. With WORKERS > 1 this
// process is the primary that forks the workers (workers.ts), and each worker runs this file as a node.
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, resolveLogFormat, type Logger } from './shared/logger.js';
import { openDatabase, databaseTarget } from './store/db.js';
import { startApp } from './app.js';
import { announceSignInLink } from './sign-in-announcement.js';
import { runPrimary, workerNumber } from './workers.js';
import { parseTrustedProxies, TrustedProxiesError } from './shared/trusted-proxies.js';

async function main(): Promise<void> {
  const config = loadConfig();
  parseTrustedProxies(config.trustedProxies); // a bad entry stops the start here, before any worker is forked
  const log = createLogger(config.logLevel, undefined, resolveLogFormat(config.logFormat, process.stdout.isTTY === true));
  const worker = workerNumber();
  if (config.workers > 1 && worker === null) return runPrimary(config, log);
  await runNode(config, worker === null ? log : log.child({ worker }), worker);
}

/** One central system (a lone process, a cluster node, or one of WORKERS). */
async function runNode(config: Config, log: Logger, worker: number | null): Promise<void> {
  const target = databaseTarget(config.database);
  log.info({ database: target.kind === 'server' ? 'postgresql server' : `embedded (${config.database.dataDir})` }, 'opening database');
  const database = await openDatabase(target, {
    onConnectionLost: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
  });
  await database.migrate(); // a worker finds it done by the primary
  const app = await startApp({ config, database, log });
  log.info({ url: app.url, ocpp: `${app.ocppUrl}/{chargeBoxId}`, port: app.port, nodeId: config.cluster?.nodeId, pid: process.pid },
    'ChargeSync central system listening');
  if (app.tlsUrl) {
    log.info({ url: app.tlsUrl, ocpp: `${app.wssUrl}/{chargeBoxId}`, clientCertificates: Boolean(config.tls?.caFile || config.chargePointCa) }, 'TLS listening');
  }
  // One announcement per host, not one per worker.
  if (worker === null || worker === 1) {
    await announceSignInLink({ signInLinks: app.services.signInLinks, config, port: app.port, log, argv: process.argv.slice(2) });
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining connections');
    // Whatever fails on the way (the database or NATS down at SIGTERM), the process exits: a failure here would
    // otherwise be an unhandled rejection, and the steps after it never run.
    let code = 0;
    try {
      try {
        await app.close();
      } finally {
        await database.close();
      }
      log.info('stopped');
    } catch (err) {
      code = 1;
      log.error({ err }, 'shutdown failed; exiting');
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof TrustedProxiesError) {
    console.error(err.message);
  } else {
    console.error('ChargeSync failed to start:', err);
  }
  process.exit(1);
});
