// The cluster bench's tables: saturation (one process beside the cluster, the load generator's own table), the
// nodes' share of the saturation window, and capacity (chargers connected through one address and held).
import type { Figures } from '../measure.js';
import type { Scenario } from '../scenarios.js';
import { renderTable } from '../report.js';
import { n, storedVerdict, type Row } from '../report-rows.js';
import type { HoldFigures } from './hold.js';
import type { Sample } from './nodes.js';

export interface NodeWindow { node: string; pid: number; cpuPercent: number; rssMb: number; connections: number }

export interface ClusterResults {
  nodes: number;
  via: string;
  saturation: Figures[];
  /** Each node's CPU over the cluster's saturation window, its RSS and connections at the window's end. */
  nodeWindow: NodeWindow[];
  /** nats-server and HAProxy over the same window. */
  helpers: Array<{ name: string; cpuPercent: number; rssMb: number }>;
  frontNote: string | null;
  hold: HoldFigures[];
  /** Connections per node at the end of the cluster's hold. */
  holdPerNode: Array<{ node: string; connections: number; rssMb: number }>;
}

const MB = 1024 * 1024;

/** Per process between two samples (the window's start and end marks). */
export function nodeWindowOf(start: Sample, end: Sample): { nodes: NodeWindow[]; helpers: ClusterResults['helpers'] } {
  const seconds = (end.at - start.at) / 1000;
  const cpu = (a: number, b: number) => (b - a) / 10 / seconds;
  const nodes = end.nodes.map((e) => {
    const s = start.nodes.find((x) => x.pid === e.pid);
    return { node: e.node, pid: e.pid, cpuPercent: s ? cpu(s.usage.cpuMs, e.usage.cpuMs) : Number.NaN, rssMb: e.usage.rssBytes / MB, connections: e.connections };
  });
  const helpers = end.helpers.map((e) => {
    const s = start.helpers.find((x) => x.name === e.name);
    return { name: e.name, cpuPercent: s ? cpu(s.usage.cpuMs, e.usage.cpuMs) : Number.NaN, rssMb: e.usage.rssBytes / MB };
  });
  return { nodes, helpers };
}

export function renderClusterReport(s: Scenario, r: ClusterResults): string {
  const [one, many] = r.saturation;
  const out = [renderTable(s, r.saturation), ''];
  for (const f of r.saturation) out.push(`${f.target}: ${storedVerdict(f)}`);
  if (one && many && one.messagesPerS > 0) {
    out.push(`saturation: ${many.target} handled ${n(many.messagesPerS)} messages/s, ${n(many.messagesPerS / one.messagesPerS, 2)}x the single process's ${n(one.messagesPerS)} in this run`);
  }
  out.push('', table(['per process, saturation window', 'CPU (% of one core)', 'RSS (MB)', 'connections'], [
    ...r.nodeWindow.map((w): Row => [`${w.node} (pid ${w.pid})`, n(w.cpuPercent), n(w.rssMb), n(w.connections)]),
    ...r.helpers.map((h): Row => [h.name, n(h.cpuPercent), n(h.rssMb), '-']),
  ]));
  if (r.hold.length > 0) out.push('', holdTable(r));
  if (r.frontNote) out.push(`note: ${r.frontNote}`);
  return out.join('\n');
}

function holdTable(r: ClusterResults): string {
  const failures = (h: HoldFigures) => Object.entries(h.handshakeFailures).map(([k, v]) => `${k}: ${n(v)}`).join(', ') || 'none';
  const rows: Row[] = [
    ['chargers arriving (one address)', ...r.hold.map((h) => n(h.attempted))],
    ['connected and booted at the first attempt', ...r.hold.map((h) => n(h.connectedFirst))],
    ['  first attempt: all booted after the first arrival (s)', ...r.hold.map((h) => n(h.allBootedSeconds, 1))],
    ['connected and booted after retries (rounds)', ...r.hold.map((h) => `${n(h.connected)} (${h.retryRounds})`)],
    ['failed handshakes by kind, every round', ...r.hold.map(failures)],
    ['still connected after the hold', ...r.hold.map((h) => `${n(h.stayed)} (after ${h.holdS} s)`)],
    ['server RSS, all processes (MB)', ...r.hold.map((h) => n(h.serverRssMb))],
  ];
  const perNode = r.holdPerNode.map((p) => `${p.node} ${n(p.connections)} (${n(p.rssMb)} MB)`).join(', ');
  return [table(['capacity: connect and hold', ...r.hold.map((h) => h.target)], rows), `connections per process at the end of the hold: ${perNode}`].join('\n');
}

function table(header: Row, rows: Row[]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const out = lines.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join(' | '));
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  return out.join('\n');
}
