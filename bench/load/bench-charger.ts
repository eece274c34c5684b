// A lean simulated charger for load: raw `ws` and hand-built OCPP 1.6 frames, so that thousands fit in one
// worker process and the load generator is not the bottleneck (the full simulator in simulators/ runs
// ocpp-rpc in strict mode per charger, which is right for tests and too heavy for 10,000 of them).
// It keeps the OCPP rules that matter to the central system: one outstanding CALL at a time, transaction
// messages queued while offline and replayed in order with their original timestamps, retransmission of a
// message whose answer was lost.
import WebSocket from 'ws';
import { count, record, type WorkerStats } from '../stats.js';

export interface ChargerPlan {
  /** ws://host:port/ocpp */
  url: string;
  chargeBoxId: string;
  password: string;
  idTags: string[]; // one per connector
  callTimeoutMs: number;
  /** A handshake not completed within this is abandoned and counted as a timeout. */
  handshakeTimeoutMs: number;
}

export type ConnectorStatus = 'Available' | 'Preparing' | 'Charging' | 'Finishing';

interface Call { action: string; payload: Record<string, unknown>; transactional: boolean; resolve(v: Record<string, unknown> | null): void }

const SAMPLES_PER_METER_VALUES = 2;
const POWER_W = 11_000;

export class BenchCharger {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly queue: Call[] = [];
  private inFlight: { id: string; call: Call; sentAt: number; timer: NodeJS.Timeout } | null = null;
  private online = false;
  private readonly transactionIds: number[] = [];
  private readonly meterWh: number[] = [];
  private readonly lastStampMs: number[] = [];
  private stopped = false;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The interval the central system's BootNotification answer asked for (s). */
  heartbeatIntervalS = 300;

  constructor(private readonly plan: ChargerPlan, private readonly stats: () => WorkerStats[]) {
    for (let c = 0; c < plan.idTags.length; c++) { this.meterWh.push(1_000 * (c + 1)); this.lastStampMs.push(0); }
  }

  get connectors(): number { return this.plan.idTags.length; }
  get queued(): number { return this.queue.length + (this.inFlight ? 1 : 0); }
  get isOnline(): boolean { return this.online; }

  /** Opens the socket; false when the handshake fails (counted as a connect failure, by kind). */
  connect(): Promise<boolean> {
    const auth = Buffer.from(`${this.plan.chargeBoxId}:${this.plan.password}`).toString('base64');
    const began = performance.now();
    return new Promise((resolve) => {
      const ws = new WebSocket(`${this.plan.url}/${this.plan.chargeBoxId}`, ['ocpp1.6'], {
        headers: { authorization: `Basic ${auth}` }, perMessageDeflate: false, handshakeTimeout: this.plan.handshakeTimeoutMs,
      });
      // ws's own handshakeTimeout is an idle timeout of the request, which SYN retries and a slow accept do not
      // trip: the deadline is kept here, from the first attempt.
      let timedOut = false;
      const deadline = setTimeout(() => { timedOut = true; ws.terminate(); }, this.plan.handshakeTimeoutMs);
      ws.once('open', () => {
        clearTimeout(deadline);
        this.ws = ws;
        this.online = true;
        const ms = performance.now() - began;
        this.each((s) => { s.connected++; record(s.handshake, ms); });
        resolve(true);
        this.pump();
      });
      ws.once('error', (err) => {
        if (this.online) return;
        clearTimeout(deadline);
        this.each((s) => { s.connectFailures++; count(s.handshakeFailures, timedOut ? 'timeout' : failureKind(err)); });
        resolve(false);
      });
      ws.on('message', (data) => this.onFrame(String(data)));
      ws.on('close', () => this.onClose(ws));
      ws.on('ping', () => { /* ws answers pings itself */ });
    });
  }

  /** BootNotification (its answer's status counted), then every connector (and 0, the charger) Available. */
  async boot(): Promise<void> {
    const conf = await this.call('BootNotification', { chargePointVendor: 'ChargeSync', chargePointModel: 'Bench' });
    const status = typeof conf?.status === 'string' ? conf.status : 'no answer';
    this.each((s) => count(s.bootStatus, status));
    if (typeof conf?.interval === 'number' && conf.interval > 0) this.heartbeatIntervalS = conf.interval;
    for (let c = 0; c <= this.connectors; c++) await this.status(c, 'Available');
  }

  status(connectorId: number, status: ConnectorStatus): Promise<unknown> {
    return this.call('StatusNotification', { connectorId, errorCode: 'NoError', status, timestamp: this.stamp(connectorId) });
  }

  /**
   * A Heartbeat at the interval the boot answer gave, while online. The first comes at a random point of the
   * interval, so a fleet's heartbeats are spread as if its chargers had booted at different times.
   */
  startHeartbeat(): void {
    const ms = this.heartbeatIntervalS * 1000;
    const beat = () => { if (this.online) void this.call('Heartbeat', {}); };
    this.heartbeat ??= setTimeout(() => { beat(); this.heartbeat = setInterval(beat, ms); }, Math.random() * ms);
  }

  /** True when the id tag is Accepted; a refusal is counted among the errors as `Authorize <status>`. */
  async authorize(connectorId: number): Promise<boolean> {
    const conf = await this.call('Authorize', { idTag: this.plan.idTags[connectorId - 1] });
    return this.accepted('Authorize', conf);
  }

  /** StartTransaction on a connector; true when answered with a transaction id. Queued while offline. */
  async startSession(connectorId: number): Promise<boolean> {
    const i = connectorId - 1;
    const conf = await this.call('StartTransaction', {
      connectorId, idTag: this.plan.idTags[i], meterStart: this.meterWh[i], timestamp: this.stamp(connectorId),
    }, true);
    this.transactionIds[i] = typeof conf?.transactionId === 'number' ? conf.transactionId : -1;
    if (this.transactionIds[i] < 0) return false;
    this.each((s) => { s.startsAcknowledged++; });
    this.accepted('StartTransaction', conf);
    return true;
  }

  /** StopTransaction of the connector's session, if it has one. Queued while offline. */
  async stopSession(connectorId: number): Promise<void> {
    const i = connectorId - 1;
    const transactionId = this.transactionIds[i];
    if (transactionId === undefined || transactionId < 0) return;
    this.transactionIds[i] = -1;
    const conf = await this.call('StopTransaction', { transactionId, meterStop: this.meterWh[i], timestamp: this.stamp(connectorId), reason: 'Local' }, true);
    if (conf) this.each((s) => { s.stopsAcknowledged++; });
  }

  /** The `meter` load: a session on every connector, started right after boot and kept open. */
  async startSessions(): Promise<void> {
    for (let c = 1; c <= this.connectors; c++) {
      await this.startSession(c);
      await this.status(c, 'Charging');
    }
  }

  /** One MeterValues per connector: energy register and power, stamped now (queued while offline). */
  meterTick(intervalMs: number): Promise<unknown> {
    const sent: Array<Promise<unknown>> = [];
    for (let c = 1; c <= this.connectors; c++) sent.push(this.meterValues(c, intervalMs));
    return Promise.all(sent);
  }

  meterValues(connectorId: number, intervalMs: number): Promise<unknown> {
    const i = connectorId - 1;
    this.meterWh[i] = (this.meterWh[i] ?? 0) + Math.max(1, Math.round((POWER_W * intervalMs) / 3_600_000));
    const transactionId = this.transactionIds[i];
    if (transactionId === undefined || transactionId < 0) return Promise.resolve(null);
    return this.call('MeterValues', {
      connectorId, transactionId,
      meterValue: [{
        timestamp: this.stamp(connectorId),
        sampledValue: [
          { value: String(this.meterWh[i]), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: String(POWER_W), context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
        ],
      }],
    }, true).then((conf) => { if (conf) this.each((s) => { s.samplesAcknowledged += SAMPLES_PER_METER_VALUES; }); });
  }

  /** Every session still open is stopped (the end of a run). */
  async stopSessions(): Promise<void> {
    for (let c = 1; c <= this.connectors; c++) {
      if ((this.transactionIds[c - 1] ?? -1) < 0) continue;
      await this.stopSession(c);
      await this.status(c, 'Available');
    }
  }

  /** A network outage: the socket is cut without a close frame; transaction messages queue meanwhile. */
  drop(): void {
    this.online = false;
    this.ws?.terminate();
  }

  close(): void {
    this.stopped = true;
    if (this.heartbeat) clearTimeout(this.heartbeat); // clears an interval too
    this.online = false;
    this.ws?.close(1000);
  }

  /** A StartTransaction, StopTransaction or MeterValues is kept while offline; anything else is not sent. */
  call(action: string, payload: Record<string, unknown>, transactional = false): Promise<Record<string, unknown> | null> {
    return new Promise((resolve) => {
      if (!this.online && !transactional) return resolve(null);
      this.queue.push({ action, payload, transactional, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || !this.online || !this.ws) return;
    const call = this.queue.shift();
    if (!call) return;
    const id = String(this.nextId++);
    const timer = setTimeout(() => this.onTimeout(id), this.plan.callTimeoutMs);
    this.inFlight = { id, call, sentAt: performance.now(), timer };
    this.ws.send(JSON.stringify([2, id, call.action, call.payload]));
  }

  private onFrame(text: string): void {
    let frame: unknown;
    try { frame = JSON.parse(text); } catch { return; }
    if (!Array.isArray(frame)) return;
    if (frame[0] === 2) return this.answerCommand(frame);
    const f = this.inFlight;
    if (!f || frame[1] !== f.id) return;
    clearTimeout(f.timer);
    this.inFlight = null;
    const ms = performance.now() - f.sentAt;
    this.each((s) => { s.messages++; record(s.latency[f.call.action] ??= {}, ms); });
    if (frame[0] === 3) {
      f.call.resolve((frame[2] ?? {}) as Record<string, unknown>);
    } else {
      const code = String(frame[2]);
      this.each((s) => { s.errors[code] = (s.errors[code] ?? 0) + 1; });
      f.call.resolve(null);
    }
    this.pump();
  }

  /** The central system's own CALLs (ReserveNow, ...) are not part of the load: answered plainly. */
  private answerCommand(frame: unknown[]): void {
    this.ws?.send(JSON.stringify([4, frame[1], 'NotSupported', 'bench charger', {}]));
  }

  private onTimeout(id: string): void {
    const f = this.inFlight;
    if (!f || f.id !== id) return;
    this.each((s) => { s.errors.Timeout = (s.errors.Timeout ?? 0) + 1; });
    this.inFlight = null;
    this.requeueOrDrop(f.call);
    this.pump();
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.online = false;
    this.ws = null;
    const f = this.inFlight;
    if (f) {
      clearTimeout(f.timer);
      this.inFlight = null;
      // The answer may be lost with the socket: a transaction message goes again, first (OCPP.md).
      if (!this.stopped) this.each((s) => { s.errors.Closed = (s.errors.Closed ?? 0) + 1; });
      this.requeueOrDrop(f.call);
    }
    // Non-transactional calls wait for no one while offline.
    for (const c of this.queue.splice(0).reverse()) {
      if (c.transactional) this.queue.unshift(c); else c.resolve(null);
    }
  }

  private requeueOrDrop(call: Call): void {
    if (call.transactional && !this.stopped) this.queue.unshift(call); else call.resolve(null);
  }

  /** Strictly increasing per connector, so two samples never share a timestamp (the store's dedup key). */
  private stamp(connectorId: number): string {
    const i = Math.max(0, connectorId - 1);
    const ms = Math.max(Date.now(), (this.lastStampMs[i] ?? 0) + 1);
    this.lastStampMs[i] = ms;
    return new Date(ms).toISOString();
  }

  private accepted(action: string, conf: Record<string, unknown> | null): boolean {
    const status = (conf?.idTagInfo as { status?: unknown } | undefined)?.status;
    if (status === 'Accepted') return true;
    // Offline (no answer) is not a refusal; a CALLERROR is counted by its code already.
    if (conf) this.each((s) => count(s.errors, `${action} ${String(status)}`));
    return false;
  }

  private each(f: (s: WorkerStats) => void): void {
    for (const s of this.stats()) f(s);
  }
}

/** ws's handshake errors by kind: `timeout`, `HTTP <status>` (a refusal), or the socket's error code. */
function failureKind(err: Error & { code?: string }): string {
  if (/handshake has timed out/i.test(err.message)) return 'timeout';
  const http = /Unexpected server response: (\d+)/.exec(err.message);
  if (http) return `HTTP ${http[1]}`;
  return err.code ?? err.message;
}
