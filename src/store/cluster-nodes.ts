// The nodes of a cluster (issue 15): each node's beat, and what a node held (its open connection rows) when it
// stopped, died or restarted. Only cluster mode calls these (cluster/node-beats.ts, cluster/presence.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { clusterNodes, connections } from './schema/index.js';
import { rowsOf } from './raw-rows.js';

/** A connection row closed because its node is gone, with what station.offline needs. */
export interface ClosedHold { connectionId: number; stationId: number; chargeBoxId: string; nodeId: string; reason: string }

/** A station some live node holds: the newest open connection row of a node that has not stopped. */
export interface HeldConnection { stationId: number; connectionId: number }


interface ClosedRow { connection_id: number; station_id: number; charge_box_id: string; node_id: string; reason: string }
const toClosedHold = (r: ClosedRow): ClosedHold =>
  ({ connectionId: r.connection_id, stationId: r.station_id, chargeBoxId: r.charge_box_id, nodeId: r.node_id, reason: r.reason });

// beat_at is the database's clock, never a node's: the sweeper compares it with its own now() (closeDeadNodes), so
// a node whose clock is behind or ahead is neither declared dead too soon nor kept alive too long.
const dbNow = sql`now()`;

/** A node starts (again): its row says it lives from now on, whatever an earlier run of the same NODE_ID left. */
export async function recordNodeStarted(db: Db, nodeId: string, at: Date): Promise<void> {
  await db.insert(clusterNodes).values({ nodeId, startedAt: at, beatAt: dbNow, stoppedAt: null })
    .onConflictDoUpdate({ target: clusterNodes.nodeId, set: { startedAt: at, beatAt: dbNow, stoppedAt: null } });
}

/** A beat: returns false when the node was declared dead meanwhile (a beat came too late), so it was not renewed. */
export async function recordBeat(db: Db, nodeId: string): Promise<boolean> {
  const rows = await db.update(clusterNodes).set({ beatAt: dbNow })
    .where(and(eq(clusterNodes.nodeId, nodeId), isNull(clusterNodes.stoppedAt))).returning({ nodeId: clusterNodes.nodeId });
  return rows.length === 1;
}

export async function recordNodeStopped(db: Db, nodeId: string, at: Date): Promise<void> {
  await db.update(clusterNodes).set({ stoppedAt: at }).where(eq(clusterNodes.nodeId, nodeId));
}

/**
 * Nodes whose last beat is more than `deadAfterS` old (both times the database's clock) are declared dead, and
 * their open connection rows closed, in ONE statement. Row locks make it safe to race: a second sweep finds the
 * node stopped already and closes nothing, so each closed row is returned (and its station.offline emitted) once.
 */
export async function closeDeadNodes(db: Db, o: { at: Date; deadAfterS: number }): Promise<ClosedHold[]> {
  const at = o.at.toISOString();
  const result = await db.execute(sql`
    WITH dead AS (
      UPDATE cluster_nodes SET stopped_at = ${at}::timestamptz
      WHERE stopped_at IS NULL AND beat_at < now() - make_interval(secs => ${o.deadAfterS})
      RETURNING node_id
    ), closed AS (
      UPDATE connections c SET disconnected_at = ${at}::timestamptz, close_reason = 'node ' || c.node_id || ' stopped answering'
      FROM dead WHERE c.node_id = dead.node_id AND c.disconnected_at IS NULL
      RETURNING c.id, c.station_id, c.node_id, c.close_reason
    )
    SELECT closed.id AS connection_id, closed.station_id, s.charge_box_id, closed.node_id, closed.close_reason AS reason
    FROM closed JOIN stations s ON s.id = closed.station_id ORDER BY closed.id`);
  return rowsOf<ClosedRow>(result).map(toClosedHold);
}

/** A node starting with a NODE_ID used before: what that earlier run left open ended when it stopped. */
export async function closeOpenConnectionsOf(db: Db, nodeId: string, end: { at: Date; closeReason: string }): Promise<ClosedHold[]> {
  const result = await db.execute(sql`
    WITH closed AS (
      UPDATE connections SET disconnected_at = ${end.at.toISOString()}::timestamptz, close_reason = ${end.closeReason}
      WHERE node_id = ${nodeId} AND disconnected_at IS NULL
      RETURNING id, station_id, node_id, close_reason
    )
    SELECT closed.id AS connection_id, closed.station_id, s.charge_box_id, closed.node_id, closed.close_reason AS reason
    FROM closed JOIN stations s ON s.id = closed.station_id ORDER BY closed.id`);
  return rowsOf<ClosedRow>(result).map(toClosedHold);
}

/** Who holds which station now, as PostgreSQL knows it: each station's newest open row of a live node. */
export async function listHeldConnections(db: Db): Promise<HeldConnection[]> {
  const result = await db.execute(sql`
    SELECT DISTINCT ON (c.station_id) c.station_id, c.id
    FROM ${connections} c JOIN ${clusterNodes} n ON n.node_id = c.node_id
    WHERE c.disconnected_at IS NULL AND n.stopped_at IS NULL
    ORDER BY c.station_id, c.id DESC`);
  return rowsOf<{ station_id: number; id: number }>(result).map((r) => ({ stationId: r.station_id, connectionId: r.id }));
}
