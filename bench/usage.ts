// What `npm run bench` prints when no scenario (or an unknown one) is named, and for --help.
import { SCENARIOS, type ScenarioName } from './scenarios.js';

const WHAT: Record<ScenarioName, string> = {
  steady: 'chargers sending MeterValues at a steady interval',
  stress: 'fewer chargers, MeterValues every second',
  saturation: 'each charger sends its next MeterValues as soon as the last is answered',
  capacity: 'adds chargers step by step until p99 passes its limit or a connection fails',
  storm: 'every charger cut off at once, then all reconnect together and replay their queues',
};

function scenarioLine(name: ScenarioName): string {
  const s = SCENARIOS[name];
  const interval = s.meterIntervalS === 0 ? 'no interval' : `every ${s.meterIntervalS} s`;
  return `  ${name.padEnd(11)} ${WHAT[name]} (${s.chargers.toLocaleString('en')} x ${s.connectors}, ${interval})`;
}

export function usage(): string {
  return [
    'usage: npm run bench -- <scenario> [options]',
    '',
    'scenarios:',
    ...(Object.keys(SCENARIOS) as ScenarioName[]).map(scenarioLine),
    '',
    'options (each overrides the scenario\'s figure):',
    '  --chargers N  --connectors C  --meter-interval-s M  --duration-s S  --workers W',
    '  --step N  --step-s S       capacity: chargers added per step, seconds measured per step',
    '  --outage-s S               storm: how long the chargers are cut off',
    '  --no-ceiling               skip the bare ocpp-rpc run',
    '  --database-url URL         the PostgreSQL server (else BENCH_DATABASE_URL, else DATABASE_URL,',
    '                             else postgres://postgres@127.0.0.1:5432/postgres); the bench creates',
    '                             a database of its own there, chargesync_bench_<pid>_<random>, and drops it',
    '  --out file.json            default bench/results/<scenario>-<time>.json',
    '  --help                     this text',
  ].join('\n');
}
