// The bench's table on the terminal, one column per server.
import type { Figures } from './measure.js';
import type { Scenario } from './scenarios.js';

const n = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function renderTable(s: Scenario, results: Figures[]): string {
  const actions = [...new Set(results.flatMap((r) => Object.keys(r.latency)))].sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
  const rows: Array<[string, ...string[]]> = [
    ['chargers connected', ...results.map((r) => n(r.chargersConnected))],
    ['connect failures', ...results.map((r) => n(r.connectFailures))],
    ['connect + boot + start time (s)', ...results.map((r) => n(r.connectSeconds, 1))],
    ['backlog left by connecting, drained in (s)', ...results.map((r) => n(r.backlogSeconds, 1))],
    ['measured window (s)', ...results.map((r) => n(r.windowSeconds, 1))],
    ['messages/s handled', ...results.map((r) => n(r.messagesPerS))],
  ];
  for (const a of actions) {
    rows.push([`latency ${a} p50/p90/p99/max (ms)`, ...results.map((r) => {
      const l = r.latency[a];
      return l ? `${n(l.p50, 1)} / ${n(l.p90, 1)} / ${n(l.p99, 1)} / ${n(l.max)}` : '-';
    })]);
  }
  const connectActions = [...new Set(results.flatMap((r) => Object.keys(r.connectLatency)))].sort();
  for (const a of connectActions) {
    rows.push([`connect phase: ${a} p50/p90/p99/max (ms)`, ...results.map((r) => {
      const l = r.connectLatency[a];
      return l ? `${n(l.p50, 1)} / ${n(l.p90, 1)} / ${n(l.p99, 1)} / ${n(l.max)}` : '-';
    })]);
  }
  rows.push(
    ['errors by code', ...results.map((r) => Object.entries(r.errors).map(([c, k]) => `${c}: ${k}`).join(', ') || 'none')],
    ['server CPU (% of one core)', ...results.map((r) => n(r.serverCpuPercent))],
    ['server RSS now / peak (MB)', ...results.map((r) => `${n(r.serverRssMb)} / ${n(r.serverPeakRssMb)}`)],
    ['server RSS per 1,000 connections (MB)', ...results.map((r) => n(r.rssMbPer1000Connections, 1))],
    ['database rows written/s', ...results.map((r) => n(r.rowsWrittenPerS))],
    ['load generator CPU (% of one core)', ...results.map((r) => n(r.generatorCpuPercent))],
    ['meter samples acknowledged / stored', ...results.map((r) => `${n(r.samplesAcknowledged)} / ${n(r.samplesStored)}`)],
  );
  const ours = results.find((r) => r.target === 'central system');
  const bare = results.find((r) => r.target === 'bare ocpp-rpc');
  if (ours?.storm) rows.push(['storm: reconnected, failed, drained (s)', `${n(ours.storm.reconnected)}, ${n(ours.storm.failed)}, ${n(ours.storm.drainedSeconds, 1)}`]);
  if (ours?.capacitySteps) {
    for (const st of ours.capacitySteps) rows.push([`capacity: ${n(st.chargers)} chargers p99 (ms)`, `${n(st.p99Ms, 1)}${st.connectFailures ? `, ${st.connectFailures} failed` : ''}`]);
    rows.push(['capacity: p99 crossed the limit at', ours.capacityChargers ? `${n(ours.capacityChargers)} chargers` : `not reached (${n(ours.chargersConnected)} chargers)`]);
  }
  const header: [string, ...string[]] = [`${s.name}: ${n(s.chargers)} chargers x ${s.connectors} connectors, meter ${s.meterIntervalS ? `every ${s.meterIntervalS} s` : 'back to back'}`, ...results.map((r) => r.target)];
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const out = lines.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join(' | '));
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  if (ours && bare && bare.messagesPerS > 0) {
    out.push('', `central system throughput = ${n((ours.messagesPerS / bare.messagesPerS) * 100, 1)}% of the bare ocpp-rpc ceiling measured in this run`);
  }
  return out.join('\n');
}
