// The bench's table on the terminal, one column per server.
import { availableParallelism } from 'node:os';
import type { Figures } from './measure.js';
import type { Scenario } from './scenarios.js';
import { connectStormRows, latencyCell, memoryComparison, memoryRows, n, storedRows, storedVerdict, type Row } from './report-rows.js';

const byName = (a: string, b: string) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b));

export function renderTable(s: Scenario, results: Figures[]): string {
  const actions = [...new Set(results.flatMap((r) => Object.keys(r.latency)))].sort(byName);
  const rows: Row[] = s.name === 'connect-storm' ? connectStormRows(results) : [
    ['chargers connected', ...results.map((r) => n(r.chargersConnected))],
    ['connect failures', ...results.map((r) => n(r.connectFailures))],
    ['connect + boot + start time (s)', ...results.map((r) => n(r.connectSeconds, 1))],
    ['backlog left by connecting, drained in (s)', ...results.map((r) => n(r.backlogSeconds, 1))],
    ['measured window (s)', ...results.map((r) => n(r.windowSeconds, 1))],
    ['messages/s handled', ...results.map((r) => n(r.messagesPerS))],
  ];
  for (const a of actions) rows.push([`latency ${a} p50/p90/p99/max (ms)`, ...results.map((r) => latencyCell(r.latency[a]))]);
  const connectActions = [...new Set(results.flatMap((r) => Object.keys(r.connectLatency)))].sort(byName);
  for (const a of connectActions) rows.push([`connect phase: ${a} p50/p90/p99/max (ms)`, ...results.map((r) => latencyCell(r.connectLatency[a]))]);
  rows.push(
    ['errors by code', ...results.map((r) => Object.entries(r.errors).map(([c, k]) => `${c}: ${k}`).join(', ') || 'none')],
    ['server CPU (% of one core)', ...results.map((r) => n(r.serverCpuPercent))],
    ...memoryRows(results),
    ['database rows written/s', ...results.map((r) => n(r.rowsWrittenPerS))],
    ['database transactions per message', ...results.map((r) => n(r.transactionsPerMessage, 2))],
    ['load generator CPU (% of one core)', ...results.map((r) => n(r.generatorCpuPercent))],
    ['PostgreSQL on this host, CPU (% of one core)', ...results.map((r) => n(r.postgresCpuPercent))],
    [`host CPU busy, all of it (% of one core; ${availableParallelism()} cores)`, ...results.map((r) => n(r.hostCpuPercent))],
    // connect-storm sends no transaction messages: nothing to compare with the database.
    ...(s.name === 'connect-storm' ? [] : storedRows(results)),
  );
  const ours = results.find((r) => r.target === 'central system');
  const bare = results.find((r) => r.target === 'bare ocpp-rpc');
  if (ours?.storm) rows.push(['storm: reconnected, failed, drained (s)', `${n(ours.storm.reconnected)}, ${n(ours.storm.failed)}, ${n(ours.storm.drainedSeconds, 1)}`]);
  if (ours?.capacitySteps) {
    for (const st of ours.capacitySteps) rows.push([`capacity: ${n(st.chargers)} chargers p99 (ms)`, `${n(st.p99Ms, 1)}${st.connectFailures ? `, ${st.connectFailures} failed` : ''}`]);
    rows.push(['capacity: p99 crossed the limit at', ours.capacityChargers ? `${n(ours.capacityChargers)} chargers` : `not reached (${n(ours.chargersConnected)} chargers)`]);
  }
  const header: Row = [title(s), ...results.map((r) => r.target)];
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const out = lines.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join(' | '));
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  if (ours && s.name !== 'connect-storm') out.push('', storedVerdict(ours));
  if (ours && bare) {
    if (bare.messagesPerS > 0 && s.name !== 'connect-storm') {
      out.push(`central system throughput = ${n((ours.messagesPerS / bare.messagesPerS) * 100, 1)}% of the bare ocpp-rpc ceiling measured in this run`);
    }
    out.push(...memoryComparison(ours, bare));
  }
  return out.join('\n');
}

function title(s: Scenario): string {
  const who = `${s.name}: ${n(s.chargers)} chargers x ${s.connectors} connectors`;
  if (s.name === 'connect-storm') return `${who}, ${n(s.ratePerS)}/s, ${n(s.knownFraction * 100)}% registered`;
  const pace = s.meterIntervalS ? `every ${s.meterIntervalS} s` : 'back to back';
  return s.load === 'mix'
    ? `${who}, mix load (sessions of ${s.meterValuesPerSession} MeterValues), ${pace}`
    : `${who}, meter load (MeterValues only), ${pace}`;
}
