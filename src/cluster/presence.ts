// Which stations some node of the cluster holds (issue 15 item 2): stationId → the connection held.
// Seeded from PostgreSQL at start (the open connection rows of live nodes), then kept by every node's
// station.online and station.offline (onClusterWide). Synchronous: isOnline is read everywhere a single node
// reads its registry (services' ChargerCommands.isOnline).
import type { Db } from '../store/db.js';
import { listHeldConnections } from '../store/cluster-nodes.js';
import type { EventBus } from '../shared/events.js';

export interface Hold { connectionId: number }

export interface Presence {
  /** Some node of the cluster holds this station's connection. */
  isOnline(stationId: number): boolean;
  stop(): void;
}

/**
 * The rules, in one place: connection ids come from one sequence, so the higher id is the newer connection
 * (a replaced connection's online may arrive after its successor's from another node); an offline drops the
 * station only when it is the connection held (a replaced connection closes after its successor opened).
 */
export class Holds {
  private readonly held = new Map<number, Hold>();

  online(stationId: number, hold: Hold): void {
    const current = this.held.get(stationId);
    if (!current || current.connectionId <= hold.connectionId) this.held.set(stationId, hold);
  }

  offline(stationId: number, connectionId: number): void {
    if (this.held.get(stationId)?.connectionId === connectionId) this.held.delete(stationId);
  }

  get(stationId: number): Hold | undefined {
    return this.held.get(stationId);
  }
}

export async function startPresence(d: { db: Db; events: EventBus }): Promise<Presence> {
  const holds = new Holds();
  // Listening before the seed is read: an event that arrives meanwhile is newer than the seed, and wins.
  const touched = new Set<number>();
  let seeding = true;
  const stops = [
    d.events.onClusterWide('station.online', (e) => {
      if (seeding) touched.add(e.stationId);
      holds.online(e.stationId, { connectionId: e.connectionId });
    }),
    d.events.onClusterWide('station.offline', (e) => {
      if (seeding) touched.add(e.stationId);
      holds.offline(e.stationId, e.connectionId);
    }),
  ];
  for (const h of await listHeldConnections(d.db)) {
    if (!touched.has(h.stationId)) holds.online(h.stationId, { connectionId: h.connectionId });
  }
  seeding = false;
  touched.clear();
  return {
    isOnline: (stationId) => holds.get(stationId) !== undefined,
    stop: () => stops.forEach((s) => s()),
  };
}
