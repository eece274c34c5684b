// A simulated OCPP 1.6J charge point that speaks only OCPP over the wire: a library for the integration tests
// and benchmarks, and the engine behind cli.ts. This file assembles the charger from its parts and holds the
// public API; the connection lives in uplink.ts, sessions in sessions.ts, commands in command-handlers.ts.
import { EventEmitter } from 'node:events';
import type {
  BootNotificationConf, ChargePointErrorCode, ChargePointStatus, IdTagInfo, Inbound, InboundAction,
  StopReason,
} from '../src/ocpp/wire/index.js';
import { LocalAuthorization } from './authorization.js';
import { ChargingProfiles, type ProfileScope, type ReceivedProfile } from './charging-profiles.js';
import { connectorPowerLimitW } from './profile-sharing.js';
import { describe } from './log-text.js';
import type { ChargerContext } from './command-handlers.js';
import { answerCommands } from './command-dispatch.js';
import { Configuration } from './configuration.js';
import { Connector } from './connector.js';
import { Messenger } from './messages.js';
import { TransactionQueue } from './offline-queue.js';
import { resolveOptions, type ChargePointOptions, type ResolvedOptions } from './options.js';
import type { Acknowledgement, Link } from './rpc-link.js';
import { SessionManager, type SessionSummary, type StartResult } from './sessions.js';
import { Timers } from './timers.js';
import { Uplink } from './uplink.js';
import { SecuritySettings, type SecurityProfile } from './security-settings.js';
import { NextFrames } from './next-frames.js';

export type { ChargePointOptions } from './options.js';
export { HandshakeRefusedError, type Acknowledgement } from './rpc-link.js';
export { UNCONFIRMED_TRANSACTION_ID, type SessionSummary, type StartResult } from './sessions.js';
export type { ReceivedProfile } from './charging-profiles.js';

export class ChargePoint extends EventEmitter {
  readonly identity: string;
  private readonly opts: ResolvedOptions;
  private readonly timers = new Timers();
  private readonly config: Configuration;
  private readonly localAuth: LocalAuthorization;
  private readonly profiles: ChargingProfiles;
  private readonly station: Connector; // connector 0: the charger as a whole
  private readonly connectors: Connector[];
  private readonly queue: TransactionQueue;
  private readonly sessions: SessionManager;
  private readonly messages: Messenger;
  private readonly uplink: Uplink;
  private readonly security: SecuritySettings;
  private readonly ctx: ChargerContext;
  private meterIntervalMs: number;
  private closed = false;
  private readonly nextFrames = new NextFrames();

  constructor(options: ChargePointOptions) {
    super();
    const o = (this.opts = resolveOptions(options));
    this.identity = o.identity;
    this.meterIntervalMs = o.meterIntervalMs;
    this.config = new Configuration(
      // The key is in whole seconds: a sub-second test period reads as 1, and 0 (no sampling) stays 0.
      { connectors: o.connectors, stopTransactionOnInvalidId: o.stopTransactionOnInvalidId, meterIntervalS: o.meterIntervalMs && Math.max(1, Math.round(o.meterIntervalMs / 1000)) },
      (key) => this.onConfigChanged(key));
    this.localAuth = new LocalAuthorization(this.config.getInt('LocalAuthListMaxLength'));
    this.profiles = new ChargingProfiles({
      maxStackLevel: this.config.getInt('ChargeProfileMaxStackLevel'), accepts: o.acceptsChargingProfiles, voltageV: o.voltageV,
      phases: o.phases, onReceived: (r) => this.emit('profile', r), beforeChange: () => this.sessions.advanceAll(Date.now()),
    });
    this.station = new Connector(0, 0);
    this.connectors = Array.from({ length: o.connectors }, (_, i) => new Connector(i + 1, o.registerStartWh));
    this.uplink = this.makeUplink();
    this.security = new SecuritySettings({
      acceptsAuthorizationKey: o.acceptsAuthorizationKey, profile: o.securityProfile, secureUrl: o.secureUrl, tls: o.tls,
      reconnectWith: (change) => this.uplink.reconnectWith(change), log: (line) => this.log(line),
    });
    this.queue = new TransactionQueue({
      send: (action, payload) => this.uplink.requireLink().call(action, payload),
      canSend: () => this.uplink.acceptedLink() !== null,
      maxAttempts: () => this.config.getInt('TransactionMessageAttempts'),
      log: (line) => this.log(line),
    });
    this.sessions = this.makeSessions();
    this.messages = new Messenger({
      station: this.station, sessions: this.sessions, connectors: () => this.connectors,
      connector: (id) => this.connectors[id - 1], acceptedLink: () => this.uplink.acceptedLink(),
      boot: () => this.boot(), emit: (e, p) => this.emit(e, p), log: (line) => this.log(line),
    });
    this.ctx = this.makeContext();
  }

  get isOnline(): boolean {
    return this.uplink.isOnline;
  }

  /** The central-system address it connects to now: `url`, or a backup after a failover (backupUrls). */
  get centralSystemUrl(): string {
    return this.uplink.url;
  }

  /** Its security profile now (ChangeConfiguration SecurityProfile raises it). */
  get securityProfile(): SecurityProfile {
    return this.security.profile;
  }

  /** Opens the socket; a refused handshake rejects with HandshakeRefusedError, whose statusCode is the HTTP status. */
  connect(): Promise<void> {
    return this.uplink.connect();
  }

  boot(): Promise<BootNotificationConf> {
    return this.uplink.boot();
  }

  call<A extends InboundAction>(action: A, payload: Inbound[A]['req']): Promise<Inbound[A]['conf']> {
    return this.uplink.requireLink().call(action, payload);
  }

  sendRaw(frame: string): void {
    this.uplink.requireLink().sendRaw(frame);
  }

  onNextRawMessage(): Promise<string> {
    return this.nextFrames.next();
  }

  async authorize(idTag: string): Promise<IdTagInfo> {
    const link = this.uplink.acceptedLink();
    if (!link) {
      return this.localAuth.offline(idTag, {
        localAuthorizeOffline: this.config.getBool('LocalAuthorizeOffline'),
        allowOfflineTxForUnknownId: this.config.getBool('AllowOfflineTxForUnknownId'),
      });
    }
    const conf = await link.call('Authorize', { idTag });
    this.remember(idTag, conf.idTagInfo);
    return conf.idTagInfo;
  }

  startSession(connectorId: number, idTag: string, opts?: { reservationId?: number }): Promise<StartResult> {
    return this.sessions.start(connectorId, idTag, opts);
  }

  stopSession(connectorId: number, reason?: StopReason): Promise<void> {
    return this.sessions.stop(connectorId, reason);
  }

  async fault(connectorId: number, errorCode: ChargePointErrorCode = 'GroundFailure'): Promise<void> {
    const connector = this.requireConnector(connectorId);
    connector.fault = errorCode;
    // A running session ends first (reason Other); its stop then reports Faulted instead of Available.
    if (connector.session) await this.sessions.stop(connectorId, 'Other');
    else await this.messages.setStatus(connector, 'Faulted', errorCode);
  }

  async clearFault(connectorId: number): Promise<void> {
    const connector = this.requireConnector(connectorId);
    connector.fault = null;
    await this.messages.setStatus(connector, connector.restingStatus());
  }

  goOffline(): Promise<void> {
    return this.uplink.goOffline();
  }

  /** Reconnects, boots, replays the queue in order, then reports current statuses. */
  comeBack(): Promise<void> {
    return this.uplink.comeBack();
  }

  queuedCount(): number {
    return this.queue.length;
  }

  connectorStatus(connectorId: number): ChargePointStatus {
    return this.requireConnector(connectorId).status;
  }

  session(connectorId: number): SessionSummary | null {
    return this.sessions.summary(this.requireConnector(connectorId));
  }

  /** Every SetChargingProfile received, in order, with when it applied; also told as they come ('profile'). */
  receivedProfiles(): readonly ReceivedProfile[] {
    return this.profiles.received;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.dispose();
    await this.uplink.close();
  }

  private setUpLink(link: Link): void {
    answerCommands(link, {
      ctx: this.ctx, beforeAnswer: (action) => this.opts.beforeAnswer(action), isClosed: () => this.closed,
      emit: (event, payload) => this.emit(event, payload), log: (line) => this.log(line),
    });
    // 'acknowledged': every message the central system took (a CALLRESULT came), for tests that check it kept them.
    link.onAcknowledged((action, request, response) => this.emit('acknowledged', { action, request, response } satisfies Acknowledgement));
    link.onInboundFrame((frame) => this.nextFrames.deliver(frame));
  }

  /** Reset (OCPP 1.6 section 5.14): the sessions end, the charger goes down and boots again. */
  private async reset(type: 'Hard' | 'Soft', answered: boolean): Promise<void> {
    // Hard: the StopTransactions are queued and replayed after the reboot. Soft: delivered before the close.
    this.uplink.beginReset(type, answered);
    await this.sessions.stopAll(type === 'Hard' ? 'HardReset' : 'SoftReset');
    this.log(`${type} reset: rebooting`);
    this.emit('reset', { type });
    await this.uplink.goDownForReset(type);
  }

  private onConfigChanged(key: string): void {
    if (key === 'HeartbeatInterval') this.uplink.restartHeartbeats();
    if (key === 'MeterValueSampleInterval') {
      this.meterIntervalMs = this.config.getInt('MeterValueSampleInterval') * 1000;
      this.sessions.restartMeterTimers();
    }
  }

  private onSessionEnded(connector: Connector): void {
    this.profiles.endTransaction(connector.id);
    // ChangeAvailability Inoperative on connector 0 waits until the last session has ended (section 5.2).
    const busy = this.connectors.some((c) => c.session || c.inoperativeScheduled);
    if (this.station.inoperativeScheduled && !busy) {
      this.station.inoperativeScheduled = false;
      this.station.operative = false;
      this.messages.settle(this.station).catch((err: unknown) => this.log(`status failed: ${describe(err)}`));
    }
  }

  private powerLimitW(connector: Connector, nowMs: number): number {
    const scopeOf = (c: Connector): ProfileScope => ({
      connectorId: c.id, sessionStartMs: c.session?.startedAtMs ?? null, transactionId: c.session?.tx.transactionId ?? null,
    });
    return connectorPowerLimitW(this.profiles, this.connectors.map(scopeOf), scopeOf(connector), nowMs, this.opts.powerW);
  }

  private remember(idTag: string, info: IdTagInfo): void {
    if (this.config.getBool('AuthorizationCacheEnabled')) this.localAuth.remember(idTag, info);
  }

  private makeUplink(): Uplink {
    const o = this.opts;
    return new Uplink({
      link: { url: o.url, identity: o.identity, password: o.password, tls: o.tls, callTimeoutMs: o.callTimeoutMs },
      backupUrls: o.backupUrls,
      bootPayload: {
        chargePointVendor: o.vendor, chargePointModel: o.model, chargePointSerialNumber: o.serialNumber,
        chargeBoxSerialNumber: o.serialNumber, firmwareVersion: o.firmwareVersion,
      },
      autoReconnect: o.reconnect, timers: this.timers, config: this.config,
      setUpLink: (link) => this.setUpLink(link),
      onAccepted: async () => {
        await this.queue.drain();
        await this.messages.sendAllStatuses();
      },
      drainQueue: () => this.queue.drain(),
      onDetached: () => {
        this.queue.releaseWaiters();
        this.emit('disconnected');
      },
      onBoot: (conf) => this.emit('boot', conf),
      heartbeat: () => void this.messages.heartbeat(),
      log: (line) => this.log(line),
    });
  }

  private makeSessions(): SessionManager {
    return new SessionManager({
      identity: this.identity, connector: (id) => this.connectors[id - 1], connectors: () => this.connectors,
      queue: this.queue, timers: this.timers, batteryWh: this.opts.batteryWh,
      startSocPercent: this.opts.startSocPercent, meterIntervalMs: () => this.meterIntervalMs,
      powerLimitW: (c, nowMs) => this.powerLimitW(c, nowMs),
      stopOnInvalidId: () => this.config.getBool('StopTransactionOnInvalidId'),
      setStatus: (c, status, errorCode) => this.messages.setStatus(c, status, errorCode),
      remember: (idTag, info) => this.remember(idTag, info),
      onSessionEnded: (c) => this.onSessionEnded(c),
      emit: (e, p) => this.emit(e, p), log: (line) => this.log(line),
    });
  }

  private makeContext(): ChargerContext {
    return {
      identity: this.identity, station: this.station, config: this.config, sessions: this.sessions,
      messages: this.messages, localAuth: this.localAuth, profiles: this.profiles, timers: this.timers, security: this.security,
      maxPowerW: this.opts.powerW, answersHardReset: this.opts.answerHardReset, takesReservations: this.opts.takesReservations,
      connectors: () => this.connectors, connector: (id) => (id > 0 ? this.connectors[id - 1] : undefined),
      authorize: (idTag) => this.authorize(idTag), reset: (type, answered) => this.reset(type, answered),
      log: (line) => this.log(line),
    };
  }

  private requireConnector(connectorId: number): Connector {
    const connector = connectorId === 0 ? this.station : this.connectors[connectorId - 1];
    if (!connector) throw new Error(`${this.identity} has no connector ${connectorId}`);
    return connector;
  }

  private log(line: string): void {
    this.opts.log(`${this.identity} ${line}`);
  }
}
