// Who is connected right now. One live connection per charger: the newest authenticated one wins (OCPP.md).
import type { Station } from '../domain/model.js';
import type { RpcConnection } from './rpc-adapter.js';

export interface StationSession {
  station: Station;
}

export interface LiveConnection {
  station: Station;
  connectionId: number;
  rpc: RpcConnection<StationSession>;
  connectedAt: Date;
  /** Any message proves the charger alive (OCPP.md); kept in memory, written at heartbeat and disconnect. */
  lastSeenAt: Date;
  /** Set the moment the socket starts closing (either side): no new CALL may start on it. */
  closing: boolean;
  /** Why we closed it ourselves (replaced, deactivated), for the connection history. */
  closeReason: string | null;
}

/** What staff may change about a station that a live connection must follow at once. */
export type StationPatch = Partial<Pick<Station, 'name' | 'location' | 'registrationStatus' | 'active' | 'securityProfile' | 'leniency'>>;

export class StationRegistry {
  private readonly byStationId = new Map<number, LiveConnection>();

  /** Registers a connection and returns the one it replaces, if any. */
  add(conn: LiveConnection): LiveConnection | undefined {
    const previous = this.byStationId.get(conn.station.id);
    this.byStationId.set(conn.station.id, conn);
    return previous;
  }

  /** Forgets a connection, unless a newer one of the same charger has taken its place already. */
  remove(conn: LiveConnection): void {
    if (this.byStationId.get(conn.station.id) === conn) this.byStationId.delete(conn.station.id);
  }

  /** A change made by staff reaches the connected charger's cached station at once, e.g. a registrationStatus
   * that server.ts gates every non-Boot message on (OCPP 1.6 §4.2), without waiting for a reconnect. */
  updateStation(stationId: number, patch: StationPatch): void {
    const conn = this.byStationId.get(stationId);
    if (conn) conn.station = { ...conn.station, ...patch };
  }

  get(stationId: number): LiveConnection | undefined {
    return this.byStationId.get(stationId);
  }

  isOnline(stationId: number): boolean {
    return this.byStationId.has(stationId);
  }

  all(): LiveConnection[] {
    return [...this.byStationId.values()];
  }

  get size(): number {
    return this.byStationId.size;
  }
}
