// A charger's connection from accept to close: registered (newest wins), recorded in the connection history,
// and on close removed and recorded again. Silent chargers are found by ocpp-rpc's ping: a ping not answered
// before the next one terminates the socket, so a dead link closes within two ping intervals.
import type { Services } from '../services/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { CloseInfo, RpcConnection } from './rpc-adapter.js';
import type { LiveConnection, StationRegistry, StationSession } from './registry.js';

export const REPLACED_CLOSE_CODE = 4000;
const REPLACED_REASON = 'Replaced by a newer connection';
// A live charger answers our close frame at once; a dead socket (the usual reason a charger reconnects) never
// does, and ws would keep it, and its connection record, open for its 30 s close timeout.
const CLOSE_GRACE_MS = 5_000;

export interface LifecycleDeps {
  /** Only what it records: connections opened and closed. */
  services: Pick<Services, 'chargers'>;
  registry: StationRegistry;
  clock: Clock;
  log: Logger;
}

/** Closes a live connection ourselves, with a close frame carrying why; the socket itself goes if the charger
 * has not completed the close within the grace. Resolves once it is closed. */
export async function closeLive(conn: LiveConnection, c: { code: number; reason: string }): Promise<void> {
  conn.closing = true;
  conn.closeReason ??= c.reason;
  const drop = setTimeout(() => conn.rpc.handshake.request.socket.destroy(), CLOSE_GRACE_MS);
  try {
    await conn.rpc.close({ code: c.code, reason: c.reason });
  } finally {
    clearTimeout(drop);
  }
}

const RPC_CLOSED = 3;

/**
 * Resolves once the connection has closed (ocpp-rpc emitted 'close'). Not rpc.close()'s own promise: ocpp-rpc
 * 2.2 awaits the calls in flight, then waits for the socket's 'close' event, which it misses when the charger
 * closed meanwhile, so that promise never settles; and a second close({ force }) returns that same promise.
 * Seen as a shutdown that hung in tests on PostgreSQL (security-configuration.test.ts, 1 run in 9).
 */
export function closedEvent(conn: LiveConnection): Promise<void> {
  if (conn.rpc.state === RPC_CLOSED) return Promise.resolve();
  return new Promise((resolve) => { conn.rpc.once('close', () => resolve()); });
}

export class ConnectionLifecycle {
  /** Disconnect records still being written; shutdown waits for them. */
  private readonly pendingRecords = new Set<Promise<void>>();

  constructor(private readonly d: LifecycleDeps) {}

  async open(rpc: RpcConnection<StationSession>): Promise<LiveConnection> {
    const { station } = rpc.session;
    const now = this.d.clock.now();
    const remoteAddress = rpc.handshake.remoteAddress ?? null;
    const conn: LiveConnection = {
      station, rpc, connectionId: 0, connectedAt: now, lastSeenAt: now, closing: false, closeReason: null,
    };
    // Both fire in the same tick in which ocpp-rpc rejects the CALLs in flight, so commands.ts sees the flag
    // when it tells a dropped connection (went-down) from any other failure.
    // `on`, not `once` (each fires once per server-side connection anyway): once's wrapper costs ~150 B a connection.
    rpc.on('closing', () => { conn.closing = true; });
    rpc.on('disconnect', () => { conn.closing = true; });
    const previous = this.d.registry.add(conn);
    if (previous) {
      this.d.log.info({ chargeBoxId: station.chargeBoxId }, 'newer connection replaces the open one');
      this.replace(previous);
    }
    const connected = this.d.services.chargers.recordConnected(station, remoteAddress)
      .then((id) => { conn.connectionId = id; });
    rpc.on('close', (info: CloseInfo) => this.track(connected.then(() => this.closed(conn, info))));
    await connected;
    return conn;
  }

  /** A close frame with code 4000 (force would drop the socket and the code would never leave). */
  private replace(previous: LiveConnection): void {
    void closeLive(previous, { code: REPLACED_CLOSE_CODE, reason: REPLACED_REASON })
      .catch((err: unknown) => this.d.log.warn({ err }, 'closing a replaced connection failed'));
  }

  private async closed(conn: LiveConnection, info: CloseInfo): Promise<void> {
    this.d.registry.remove(conn);
    const reason = conn.closeReason ?? (info.reason || closeReasonFor(info.code));
    // The operator's line is station.offline's (observability/activity-log.ts); this one adds the close code.
    this.d.log.debug({ chargeBoxId: conn.station.chargeBoxId, code: info.code, reason }, 'charger disconnected');
    await this.d.services.chargers.recordDisconnected(conn.station, {
      connectionId: conn.connectionId, lastSeenAt: conn.lastSeenAt, closeCode: info.code, reason,
    });
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.d.log.error({ err }, 'recording a disconnect failed'))
      .finally(() => this.pendingRecords.delete(tracked));
    this.pendingRecords.add(tracked);
  }

  async settled(): Promise<void> {
    while (this.pendingRecords.size > 0) await Promise.all([...this.pendingRecords]);
  }
}

function closeReasonFor(code: number): string {
  if (code === 1006) return 'connection lost';
  if (code === 1000) return 'closed by charger';
  return `closed with code ${code}`;
}
