// What `npm run bench` prints when no scenario (or an unknown one) is named, and for --help.
import { SCENARIOS, type ScenarioName } from './scenarios.js';

const WHAT: Record<ScenarioName, string> = {
  steady: 'chargers running sessions, MeterValues at a steady interval',
  stress: 'fewer chargers, MeterValues every second',
  saturation: 'each charger sends its next message as soon as the last is answered',
  'saturation-meter': 'saturation with the meter load (= saturation --load meter), the figure from before the mix',
  capacity: 'adds chargers step by step until p99 passes its limit or a connection fails',
  storm: 'every charger cut off at once, then all reconnect together and replay their queues',
  'connect-storm': 'chargers arrive at --rate a second, --known of them registered, the rest new; each boots',
  cluster: 'saturation and capacity of one process, then of --nodes cluster nodes behind one address',
};

function scenarioLine(name: ScenarioName): string {
  const s = SCENARIOS[name];
  const pace = name === 'connect-storm' ? `${s.ratePerS.toLocaleString('en')}/s`
    : s.meterIntervalS === 0 ? 'no interval' : `every ${s.meterIntervalS} s`;
  return `  ${name.padEnd(16)} ${WHAT[name]} (${s.chargers.toLocaleString('en')} x ${s.connectors}, ${pace})`;
}

export function usage(): string {
  return [
    'usage: npm run bench -- <scenario> [options]',
    '',
    'scenarios:',
    ...(Object.keys(SCENARIOS) as ScenarioName[]).map(scenarioLine),
    '',
    'options (each overrides the scenario\'s figure):',
    '  --load mix|meter           mix (default): each connector loops Authorize, StartTransaction, MeterValues,',
    '                             StopTransaction with its StatusNotifications, and a Heartbeat per charger at',
    '                             its interval; meter: sessions started at connect, then MeterValues only',
    '  --meter-values N           mix: MeterValues per session (default 10)',
    '  --chargers N  --connectors C  --meter-interval-s M  --duration-s S  --workers W',
    '  --step N  --step-s S       capacity: chargers added per step, seconds measured per step',
    '  --outage-s S               storm: how long the chargers are cut off',
    '  --rate R  --known F        connect-storm: connections a second (1000), fraction already registered (0.5)',
    '  --handshake-timeout-s S    a handshake not done by then is a timeout (connect-storm 10, else 60)',
    '  --no-ceiling               skip the bare ocpp-rpc run',
    '  --nodes N  --via haproxy|workers',
    '                             cluster: N nodes (2) as one process with WORKERS=N (the default), or N',
    '                             processes behind HAProxy with config/haproxy.cfg; a throwaway nats-server',
    '  --hold N  --hold-rate R  --hold-s S',
    '                             cluster capacity: N chargers (25,000; 0 skips it) arrive at R a second (500),',
    '                             boot and idle (a failed handshake tried again, 4 rounds 10 s apart); those',
    '                             still connected after S seconds (35) count',
    '  --database-url URL         the PostgreSQL server (else BENCH_DATABASE_URL, else DATABASE_URL,',
    '                             else postgres://postgres@127.0.0.1:5432/postgres); the bench creates',
    '                             a database of its own there, chargesync_bench_<pid>_<random>, and drops it',
    '  --out file.json            default bench/results/<scenario>-<load>-<time>.json',
    '  --help                     this text',
  ].join('\n');
}
