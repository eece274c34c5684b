// The charger's connection to the central system: the socket, the BootNotification and the registration
// status it returns, heartbeats, and coming back after a drop (with backoff) or a reset.
import type { BootNotificationConf, BootNotificationReq, RegistrationStatus } from '../src/ocpp/wire/index.js';
import type { Configuration } from './configuration.js';
import { Link, type LinkOptions } from './rpc-link.js';
import type { TlsOptions } from './options.js';
import type { TimerHandle, Timers } from './timers.js';

export interface UplinkDeps {
  link: LinkOptions;
  /** Addresses to fail over to after link.url: a failed reconnect tries the next one. */
  backupUrls: string[];
  bootPayload: BootNotificationReq;
  autoReconnect: boolean;
  timers: Timers;
  config: Configuration;
  /** Registers the command handlers on a new connection, before its socket opens. */
  setUpLink(link: Link): void;
  /** After an accepted boot: replay the transaction queue, then report current statuses. */
  onAccepted(): Promise<void>;
  drainQueue(): Promise<void>;
  /** The connection is gone (for any reason); whoever waits for an answer must stop waiting. */
  onDetached(): void;
  onBoot(conf: BootNotificationConf): void;
  heartbeat(): void;
  log(line: string): void;
}

// A reset charger is back on the network shortly after it went down (brief: ~100 ms).
const RESET_REBOOT_MS = 100;
const RECONNECT_INITIAL_MS = 500;
const RECONNECT_MAX_MS = 30_000;
// A Pending or Rejected BootNotification with interval 0 leaves the retry delay to the charger.
const BOOT_RETRY_FALLBACK_S = 30;

function backoffMs(attempt: number): number {
  const baseMs = Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** attempt);
  return Math.round(baseMs * (0.75 + Math.random() * 0.5)); // jitter, so a fleet does not reconnect in step
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Uplink {
  private link: Link | null = null;
  private registration: RegistrationStatus | null = null;
  private closed = false;
  private holdOffline = false; // goOffline() was called: no reconnect by ourselves until comeBack()
  private rebooting = false; // a reset is under way: reconnect whatever autoReconnect says
  private reconnectAttempt = 0;
  private urlIndex = 0; // into [link.url, ...backupUrls]: where the next connect goes
  private reconnectTimer: TimerHandle | null = null;
  private heartbeatTimer: TimerHandle | null = null;
  private bootRetry: TimerHandle | null = null;

  constructor(private readonly d: UplinkDeps) {}

  get isOnline(): boolean {
    return this.link !== null;
  }

  /** The connection, when it is open and its BootNotification was accepted; otherwise null. */
  acceptedLink(): Link | null {
    return this.registration === 'Accepted' ? this.link : null;
  }

  /** The central-system address the charger connects to now (its primary, or a backup after a failover). */
  get url(): string {
    const urls = [this.d.link.url, ...this.d.backupUrls];
    return urls[this.urlIndex % urls.length]!;
  }

  requireLink(): Link {
    if (!this.link) throw new Error(`${this.d.link.identity} is offline`);
    return this.link;
  }

  async connect(): Promise<void> {
    if (this.closed) throw new Error(`${this.d.link.identity} is closed`);
    if (this.link) return;
    const url = this.url;
    const link = await Link.open({ ...this.d.link, url }, (l) => this.d.setUpLink(l));
    if (this.closed || this.link) {
      await link.terminate(); // closed, or another connect() won the race, while this one was opening
      if (this.closed) throw new Error(`${this.d.link.identity} closed while connecting`);
      return;
    }
    this.link = link;
    this.reconnectAttempt = 0;
    link.onClosed((code) => this.onLinkClosed(link, code));
    this.d.log(`connected to ${url}`);
  }

  async boot(): Promise<BootNotificationConf> {
    const link = this.requireLink();
    const conf = await link.call('BootNotification', this.d.bootPayload);
    if (link !== this.link) return conf; // the connection went away while we waited
    this.registration = conf.status;
    this.bootRetry?.cancel();
    this.d.log(`BootNotification ${conf.status}, interval ${conf.interval}s`);
    this.d.onBoot(conf);
    if (conf.status === 'Accepted') {
      this.d.config.set('HeartbeatInterval', String(conf.interval));
      this.restartHeartbeats();
      await this.d.onAccepted();
    } else {
      // Pending or Rejected: nothing but BootNotification may follow, after `interval` (OCPP 1.6 section 4.2).
      this.heartbeatTimer?.cancel();
      const retryS = conf.interval > 0 ? conf.interval : BOOT_RETRY_FALLBACK_S;
      this.bootRetry = this.d.timers.after(retryS * 1000, () => {
        this.boot().catch((err: unknown) => this.d.log(`BootNotification retry failed: ${describe(err)}`));
      });
    }
    return conf;
  }

  /** Drops the socket abruptly and stays offline until comeBack(). */
  async goOffline(): Promise<void> {
    this.holdOffline = true;
    this.reconnectTimer?.cancel();
    this.reconnectTimer = null;
    const link = this.detach();
    this.d.log('offline: socket dropped');
    await link?.terminate();
  }

  /** Reconnects and boots; an accepted boot replays the queue. Already accepted: just drains the queue. */
  async comeBack(): Promise<void> {
    this.holdOffline = false;
    if (this.acceptedLink()) return this.d.drainQueue();
    await this.connect();
    await this.boot();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reconnectTimer?.cancel();
    const link = this.detach();
    await link?.close();
  }

  restartHeartbeats(): void {
    this.heartbeatTimer?.cancel();
    const intervalS = this.d.config.getInt('HeartbeatInterval');
    if (this.registration !== 'Accepted' || intervalS <= 0) return;
    this.heartbeatTimer = this.d.timers.every(intervalS * 1000, () => this.d.heartbeat());
  }

  /**
   * After a new AuthorizationKey or security profile (security whitepaper): a clean close, then the next
   * connection uses the new password, address or TLS material (a new client certificate); by itself when
   * autoReconnect is on, else at comeBack().
   */
  async reconnectWith(change: { password?: string; url?: string; tls?: TlsOptions }): Promise<void> {
    if (change.password !== undefined) this.d.link.password = change.password;
    if (change.tls !== undefined) this.d.link.tls = change.tls;
    if (change.url !== undefined) {
      this.d.link.url = change.url;
      this.urlIndex = 0;
    }
    const link = this.detach();
    await link?.close();
    if (this.d.autoReconnect && !this.holdOffline) this.scheduleReconnect(RESET_REBOOT_MS);
  }

  /** Reset, first step: from now on the charger reconnects by itself, and (hard) sends nothing more here. */
  beginReset(type: 'Hard' | 'Soft', answered: boolean): void {
    this.rebooting = true;
    // Some chargers go down before their Reset.conf leaves (../shared/OCPP.md): drop the socket right now.
    if (!answered) void this.link?.terminate();
    // A hard reset is a power cycle: forgetting the boot makes everything from here on queue or drop.
    if (type === 'Hard') this.registration = null;
  }

  /** Reset, last step: the socket goes (abruptly for Hard, a clean close for Soft); the reboot follows. */
  async goDownForReset(type: 'Hard' | 'Soft'): Promise<void> {
    const link = this.detach();
    if (type === 'Hard') void link?.terminate();
    else await link?.close();
    this.scheduleReconnect(RESET_REBOOT_MS);
  }

  private onLinkClosed(link: Link, code: number | undefined): void {
    if (link !== this.link) return; // we dropped it ourselves and have already cleaned up
    this.d.log(`connection closed (code ${code ?? '-'})`);
    this.detach();
    if (this.rebooting) this.scheduleReconnect(RESET_REBOOT_MS);
    else if (this.d.autoReconnect && !this.holdOffline) this.scheduleReconnect(backoffMs(0));
  }

  /** Forgets the connection at once, so everything from here on is queued or dropped as offline. */
  private detach(): Link | null {
    const link = this.link;
    if (!link) return null;
    this.link = null;
    this.registration = null;
    this.heartbeatTimer?.cancel();
    this.bootRetry?.cancel();
    this.d.onDetached();
    return link;
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = this.d.timers.after(delayMs, () => {
      this.reconnectTimer = null;
      void this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    if (this.closed || this.link || (this.holdOffline && !this.rebooting)) return;
    try {
      await this.connect();
      await this.boot();
      this.rebooting = false;
    } catch (err) {
      this.d.log(`reconnect failed: ${describe(err)}`);
      if (this.link) return;
      // Fail over: the next attempt goes to the next address (a charger's backup central system).
      if (this.d.backupUrls.length > 0) this.urlIndex = (this.urlIndex + 1) % (this.d.backupUrls.length + 1);
      this.scheduleReconnect(backoffMs(++this.reconnectAttempt));
    }
  }
}
