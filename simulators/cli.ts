// The simulator CLI: `npm run simulate -- --url ws://localhost:8080/ocpp --stations 2 --connectors 2`.
// Starts N chargers that boot, heartbeat and run demo sessions on connector 1, printing one line per event.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ChargePoint } from './charge-point.js';
import { SessionLoop } from './session-loop.js';
import type { TlsOptions } from './options.js';
import { formatSummary, RunTally } from './run-summary.js';
import { DEMO_SESSION } from './session-physics.js';
import { SiteLimitWatch } from './site-test.js';

const USAGE = `Usage: npm run simulate -- [options]

  --url URL               central system endpoint (default ws://localhost:8080/ocpp); wss://… for TLS
  --stations N            number of chargers (default 1)
  --connectors C          connectors per charger (default 2)
  --prefix P              chargeBoxId prefix: P-001, P-002, ... (default SIM)
  --password PW           HTTP Basic auth password (security profiles 1 and 2)
  --ca FILE               with wss://: PEM CA certificate(s) to trust for the central system's certificate
  --cert FILE, --key FILE with wss://: PEM client certificate and key (security profile 3; CN = chargeBoxId)
  --id-tag TAG            idTag of the demo sessions (default DEMO-TAG-1)
  --meter-interval-s S    MeterValues period in seconds (default 5)
  --power-kw KW           charging power in kW (default ${DEMO_SESSION.powerKw}, a DC charger)
  --session-min M         demo session length in minutes; another follows after a pause (default ${DEMO_SESSION.sessionMin}:
                          each session's car, 40-100 kWh arriving at 15-30 %, leaves at 55-100 %,
                          the middle one at about 80 %)
  --summary-s S           print a summary line every S seconds (default 30)
  --no-sessions           only boot, heartbeat and report status
  --stop-on-invalid-id    stop a session at once when the central system refuses its idTag
                          (StopTransactionOnInvalidId=true); by default the demo keeps charging, as a
                          charger configured so does, and the central system records the tag's status
  --site-test             chargers that share a site (load management): their sessions start one by one
                          (--stagger-s apart), each prints the limit it is told as it changes, with the sum the
                          sessions may draw; put them in one site first (PATCH /api/stations/{id} { siteId })
  --site-limit-a A        with --site-test: the site's maxCurrentA, to mark a sum above it OVER
  --stagger-s S           with --site-test: seconds between two chargers' first sessions (default 10)
  --phases 1|3            phases the chargers draw on (default 3); a limit in A is A x voltage x phases
  --voltage-v V           their phase voltage (default 230)
  --rejecting N           the last N chargers reject every SetChargingProfile (chargers without smart charging)
  -h, --help              print this help`;

// Between two demo sessions, as a driver unplugs and the next one arrives.
const PAUSE_BETWEEN_SESSIONS_MS = 5_000;

interface CliOptions {
  url: string; stations: number; connectors: number; prefix: string; password?: string; idTag: string;
  meterIntervalS: number; powerKw: number; sessionMin: number; sessions: boolean; stopOnInvalidId: boolean;
  summaryS: number; tls?: TlsOptions; site: SiteTest;
}

interface SiteTest { on: boolean; limitA: number | null; staggerS: number; phases: 1 | 3; voltageV: number; rejecting: number }

function positive(name: string, raw: string, integer: boolean): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${raw}'`);
  }
  return value;
}

function parseCli(argv: string[]): CliOptions | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'ws://localhost:8080/ocpp' }, stations: { type: 'string', default: '1' },
      connectors: { type: 'string', default: '2' }, prefix: { type: 'string', default: 'SIM' },
      password: { type: 'string' }, 'id-tag': { type: 'string', default: 'DEMO-TAG-1' },
      'meter-interval-s': { type: 'string', default: '5' }, 'power-kw': { type: 'string', default: String(DEMO_SESSION.powerKw) },
      'session-min': { type: 'string', default: String(DEMO_SESSION.sessionMin) }, 'summary-s': { type: 'string', default: '30' }, 'no-sessions': { type: 'boolean', default: false },
      'stop-on-invalid-id': { type: 'boolean', default: false },
      ca: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' },
      'site-test': { type: 'boolean', default: false }, 'site-limit-a': { type: 'string' }, 'stagger-s': { type: 'string', default: '10' },
      phases: { type: 'string', default: '3' }, 'voltage-v': { type: 'string', default: '230' }, rejecting: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.help) return null;
  return {
    url: v.url, stations: positive('stations', v.stations, true), connectors: positive('connectors', v.connectors, true),
    prefix: v.prefix, ...(v.password !== undefined && { password: v.password }), idTag: v['id-tag'],
    meterIntervalS: positive('meter-interval-s', v['meter-interval-s'], false),
    powerKw: positive('power-kw', v['power-kw'], false), sessionMin: positive('session-min', v['session-min'], false),
    sessions: !v['no-sessions'], stopOnInvalidId: v['stop-on-invalid-id'],
    summaryS: positive('summary-s', v['summary-s'], false),
    ...tlsOptions(v), site: siteTestOptions(v),
  };
}

function siteTestOptions(v: Record<string, string | boolean | undefined>): SiteTest {
  const phases = Number(v.phases);
  if (phases !== 1 && phases !== 3) throw new Error(`--phases must be 1 or 3, got '${String(v.phases)}'`);
  const rejecting = Number(v.rejecting);
  if (!Number.isInteger(rejecting) || rejecting < 0) throw new Error(`--rejecting must be a whole number, got '${String(v.rejecting)}'`);
  const limit = v['site-limit-a'];
  return {
    on: v['site-test'] === true, limitA: typeof limit === 'string' ? positive('site-limit-a', limit, false) : null,
    staggerS: positive('stagger-s', String(v['stagger-s']), false), phases, voltageV: positive('voltage-v', String(v['voltage-v']), false), rejecting,
  };
}

function tlsOptions(v: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined }): { tls?: TlsOptions } {
  if ((v.cert === undefined) !== (v.key === undefined)) throw new Error('--cert and --key go together');
  const read = (flag: string, path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`--${flag}: cannot read ${path} (${(err as { code?: string }).code ?? String(err)})`);
    }
  };
  const tls = { ca: read('ca', v.ca), cert: read('cert', v.cert), key: read('key', v.key) };
  const given = Object.fromEntries(Object.entries(tls).filter(([, pem]) => pem !== undefined)) as TlsOptions;
  return Object.keys(given).length > 0 ? { tls: given } : {};
}

function print(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);
}

function refusalHint(err: unknown, url: string): string {
  const statusCode = (err as { statusCode?: unknown }).statusCode;
  const message = err instanceof Error ? err.message : String(err);
  if (statusCode === 404) {
    return `${message}: unknown charger, and the central system refuses unknown ones (OCPP_AUTO_REGISTER=false). Register it first, or set OCPP_AUTO_REGISTER=pending.`;
  }
  if (statusCode === 503) return `${message}: too many new chargers await acceptance; accept or reject some on the dashboard.`;
  if (statusCode === 401) return `${message}: wrong password (--password) or client certificate (--cert, --key) for this charger.`;
  if (statusCode === 403) return `${message}: the charger is deactivated, or its security profile needs a wss:// --url.`;
  if (typeof statusCode === 'number') return `${message}.`;
  return `${message}: is the central system running at ${url}?`;
}

/** One line when the central system holds the charger back, and one when it lets it go on. */
function announceRegistration(cp: ChargePoint): void {
  let last = 'Accepted';
  cp.on('boot', (conf: { status: string; interval: number }) => {
    if (conf.status === last) return;
    last = conf.status;
    if (conf.status === 'Pending') {
      print(`${cp.identity} waits for acceptance: accept it under "New chargers" on the dashboard (booting again every ${conf.interval} s)`);
    } else if (conf.status === 'Rejected') {
      print(`${cp.identity} was rejected by the central system (booting again every ${conf.interval} s)`);
    } else {
      print(`${cp.identity} accepted: going on`);
    }
  });
}

async function startStation(o: CliOptions, index: number, loops: SessionLoop[], tally: RunTally, site: SiteLimitWatch | null): Promise<ChargePoint> {
  const identity = `${o.prefix}-${String(index).padStart(3, '0')}`;
  const cp = new ChargePoint({
    url: o.url, identity, connectors: o.connectors, ...(o.password !== undefined && { password: o.password }),
    // Already on the TLS endpoint: a ChangeConfiguration SecurityProfile 2 or 3 reconnects there (3 once it has a
    // client certificate: --cert/--key, or one signed for it after ExtendedTriggerMessage SignChargePointCertificate).
    ...(o.tls && { tls: o.tls }), ...(o.url.startsWith('wss://') && { secureUrl: o.url }),
    meterIntervalMs: Math.round(o.meterIntervalS * 1000), powerW: Math.round(o.powerKw * 1000),
    reconnect: true, log: print, stopTransactionOnInvalidId: o.stopOnInvalidId,
    phases: o.site.phases, voltageV: o.site.voltageV, acceptsChargingProfiles: index <= o.stations - o.site.rejecting,
  });
  tally.watch(cp, o.connectors);
  site?.watch(cp, o.connectors);
  await cp.connect();
  announceRegistration(cp);
  if (!o.sessions) {
    await cp.boot();
    return cp;
  }
  const loop = new SessionLoop(cp, {
    connectorId: 1, idTag: o.idTag, sessionMs: o.sessionMin * 60_000, pauseMs: PAUSE_BETWEEN_SESSIONS_MS, log: print,
    onFailure: () => tally.countError(),
  });
  loops.push(loop);
  // Sessions start once the central system has accepted us; a Pending charger keeps retrying its boot.
  // --site-test: one charger's first session after another, so each start re-balances the site.
  const delayMs = o.site.on ? (index - 1) * o.site.staggerS * 1000 : 0;
  const startWhenAccepted = (conf: { status: string }): void => {
    if (conf.status !== 'Accepted') return;
    cp.off('boot', startWhenAccepted);
    setTimeout(() => loop.start(), delayMs);
  };
  cp.on('boot', startWhenAccepted);
  await cp.boot();
  return cp;
}

async function shutdown(stations: ChargePoint[], loops: SessionLoop[], connectors: number): Promise<void> {
  for (const loop of loops) loop.stop();
  await Promise.all(stations.map(async (cp) => {
    for (let c = 1; c <= connectors; c++) {
      if (cp.session(c)) await cp.stopSession(c, 'Local').catch(() => {});
    }
    const queued = cp.queuedCount();
    if (queued > 0) print(`${cp.identity} ${queued} transaction message(s) still queued (offline); they are lost`);
    await cp.close();
  }));
}

async function main(): Promise<void> {
  let o: CliOptions | null;
  try {
    o = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!o) return console.log(USAGE);
  const cli = o;
  const stations: ChargePoint[] = [];
  const loops: SessionLoop[] = [];
  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    print('stopping: ending sessions and closing (Ctrl-C again to quit at once)');
    shutdown(stations, loops, cli.connectors).then(() => process.exit(0), () => process.exit(1));
  });
  print(`starting ${cli.stations} charger(s) against ${cli.url}`);
  const tally = new RunTally();
  const site = cli.site.on ? new SiteLimitWatch({ siteLimitA: cli.site.limitA, print }) : null;
  // unref: the summary never keeps the process alive by itself.
  setInterval(() => print(formatSummary(tally.figures())), cli.summaryS * 1000).unref();
  for (let i = 1; i <= cli.stations && !stopping; i++) {
    try {
      stations.push(await startStation(cli, i, loops, tally, site));
    } catch (err) {
      print(`${cli.prefix}-${String(i).padStart(3, '0')} could not connect: ${refusalHint(err, cli.url)}`);
      await shutdown(stations, loops, cli.connectors);
      process.exit(1);
    }
  }
}

await main();
