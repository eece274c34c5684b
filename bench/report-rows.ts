// Rows of the bench's table beyond the load's own: what the database holds, memory, and connect-storm's figures.
import type { Figures } from './measure.js';
import type { LatencySummary } from './stats.js';

export type Row = [string, ...string[]];

export const n = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const latencyCell = (l: LatencySummary | undefined): string =>
  (l ? `${n(l.p50, 1)} / ${n(l.p90, 1)} / ${n(l.p99, 1)} / ${n(l.max)}` : '-');

const counts = (c: Record<string, number>): string => Object.entries(c).map(([k, v]) => `${k}: ${n(v)}`).join(', ') || 'none';

/** Acknowledged against stored: a difference is a lost (or doubled) message. */
export function storedRows(results: Figures[]): Row[] {
  return [
    ['meter samples acknowledged / stored', ...results.map((r) => `${n(r.samplesAcknowledged)} / ${n(r.samplesStored)}`)],
    ['StartTransactions acknowledged / session rows', ...results.map((r) => `${n(r.startsAcknowledged)} / ${n(r.sessionsStored)}`)],
    ['StopTransactions acknowledged / stopped sessions', ...results.map((r) => `${n(r.stopsAcknowledged)} / ${n(r.sessionsStoppedStored)}`)],
  ];
}

export function memoryRows(results: Figures[]): Row[] {
  return [
    ['server RSS before the first connection (MB)', ...results.map((r) => n(r.serverRssBeforeMb))],
    ['server RSS now / peak (MB)', ...results.map((r) => `${n(r.serverRssMb)} / ${n(r.serverPeakRssMb)}`)],
    ['server RSS per 1,000 connections (MB)', ...results.map((r) => n(r.rssMbPer1000Connections, 1))],
    ['  of which above the RSS before connecting (MB)', ...results.map((r) => n(r.rssMbPer1000AboveStart, 1))],
  ];
}

export function connectStormRows(results: Figures[]): Row[] {
  if (!results.some((r) => r.connectStorm)) return [];
  const cell = (f: (s: NonNullable<Figures['connectStorm']>) => string) => results.map((r) => (r.connectStorm ? f(r.connectStorm) : '-'));
  return [
    ['chargers arriving (registered + new), rate', ...cell((s) => `${n(s.attempted)} (${n(s.known)} + ${n(s.attempted - s.known)}), ${n(s.ratePerS)}/s`)],
    ['connected', ...cell((s) => n(s.connected))],
    ['handshake failures by kind', ...cell((s) => counts(s.handshakeFailures))],
    ['handshake p50/p90/p99/max (ms)', ...cell((s) => latencyCell(s.handshake))],
    ['all booted, after the first connection (s)', ...cell((s) => n(s.allBootedSeconds, 1))],
    ['BootNotification answers', ...cell((s) => counts(s.bootStatus))],
  ];
}

/** Both memory figures of one run and their ratio, when the bare server ran too. */
export function memoryComparison(ours: Figures, bare: Figures): string[] {
  const ratio = (a: number, b: number) => (b > 0 ? `${n(a / b, 2)}x` : '-');
  return [
    `RSS per 1,000 connections: central system ${n(ours.rssMbPer1000Connections, 1)} MB, bare ocpp-rpc ${n(bare.rssMbPer1000Connections, 1)} MB: ${ratio(ours.rssMbPer1000Connections, bare.rssMbPer1000Connections)}`,
    `  above each one's RSS before connecting: ${n(ours.rssMbPer1000AboveStart, 1)} MB against ${n(bare.rssMbPer1000AboveStart, 1)} MB: ${ratio(ours.rssMbPer1000AboveStart, bare.rssMbPer1000AboveStart)}`,
  ];
}

/** The central system's check: each acknowledged sample, Start and Stop in the database once. */
export function storedVerdict(ours: Figures): string {
  const pairs: Array<[string, number, number | null]> = [
    ['meter samples', ours.samplesAcknowledged, ours.samplesStored],
    ['StartTransactions', ours.startsAcknowledged, ours.sessionsStored],
    ['StopTransactions', ours.stopsAcknowledged, ours.sessionsStoppedStored],
  ];
  const off = pairs.filter(([, acked, stored]) => stored !== acked);
  return off.length === 0
    ? 'stored as acknowledged: every acknowledged sample, StartTransaction and StopTransaction is in the database once'
    : `NOT stored as acknowledged: ${off.map(([what, acked, stored]) => `${what} ${n(acked)} acknowledged, ${n(stored)} stored`).join('; ')}`;
}
