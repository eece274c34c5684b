// Latency histograms that merge across worker processes: counts per bucket, 0.1 ms wide below 100 ms and
// 1 ms wide above, so p50..p99 are exact to a tenth of a millisecond where it matters.
export type Histogram = Record<string, number>; // bucket key → count (a plain object, so it crosses IPC)

const FINE_LIMIT_MS = 100;

export function bucketOf(ms: number): number {
  return ms < FINE_LIMIT_MS ? Math.floor(ms * 10) / 10 : Math.floor(ms);
}

export function record(h: Histogram, ms: number): void {
  const key = String(bucketOf(ms));
  h[key] = (h[key] ?? 0) + 1;
}

/** Adds counts key by key: histograms, and counts by kind (errors, boot statuses). */
export function merge(into: Histogram, from: Histogram): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

export interface LatencySummary { count: number; p50: number; p90: number; p99: number; max: number }

export function summarise(h: Histogram): LatencySummary {
  const buckets = Object.entries(h).map(([k, n]) => [Number(k), n] as const).sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((s, [, n]) => s + n, 0);
  const at = (q: number): number => {
    let seen = 0;
    const rank = Math.ceil(q * count);
    for (const [ms, n] of buckets) {
      seen += n;
      if (seen >= rank) return ms;
    }
    return buckets.at(-1)?.[0] ?? 0;
  };
  return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: buckets.at(-1)?.[0] ?? 0 };
}

/** What one worker counted; the orchestrator merges these. Plain data, so it crosses IPC as it is. */
export interface WorkerStats {
  connected: number;
  connectFailures: number;
  /** Answered CALLs (results and errors). */
  messages: number;
  latency: Record<string, Histogram>; // by action
  errors: Record<string, number>; // by CALLERROR code, or 'Timeout' / 'Closed'
  /** Meter samples the central system acknowledged (each MeterValues carries samplesPerMessage of them). */
  samplesAcknowledged: number;
  /** StartTransactions answered with a transaction id, and StopTransactions answered. */
  startsAcknowledged: number;
  stopsAcknowledged: number;
  /** From opening the socket until the handshake completed. */
  handshake: Histogram;
  /** Failed handshakes by kind: timeout, HTTP status, socket error code. */
  handshakeFailures: Record<string, number>;
  /** BootNotification answers by status. */
  bootStatus: Record<string, number>;
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
}

export function emptyStats(): WorkerStats {
  return {
    connected: 0, connectFailures: 0, messages: 0, latency: {}, errors: {}, samplesAcknowledged: 0,
    startsAcknowledged: 0, stopsAcknowledged: 0, handshake: {}, handshakeFailures: {}, bootStatus: {},
    cpuUserMs: 0, cpuSystemMs: 0, rssBytes: 0,
  };
}

export function mergeStats(all: WorkerStats[]): WorkerStats {
  const total = emptyStats();
  for (const s of all) {
    total.connected += s.connected;
    total.connectFailures += s.connectFailures;
    total.messages += s.messages;
    total.samplesAcknowledged += s.samplesAcknowledged;
    total.startsAcknowledged += s.startsAcknowledged;
    total.stopsAcknowledged += s.stopsAcknowledged;
    merge(total.handshake, s.handshake);
    merge(total.handshakeFailures, s.handshakeFailures);
    merge(total.bootStatus, s.bootStatus);
    total.cpuUserMs += s.cpuUserMs;
    total.cpuSystemMs += s.cpuSystemMs;
    total.rssBytes += s.rssBytes;
    for (const [action, h] of Object.entries(s.latency)) merge(total.latency[action] ??= {}, h);
    merge(total.errors, s.errors);
  }
  return total;
}

export function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}
