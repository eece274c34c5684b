// The dashboard's attention lists (issue 18): the first page of each, every one through an index of migration
// 0015 (connectors_status, stations_last_seen, maintenance_issues_open_service), never every row of a fleet.
import { and, asc, desc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { FaultedConnector, MaintenanceAttention, OfflineStation } from '../domain/dashboard.js';
import { OPEN_ISSUE_STATUSES, SERVICE_AFFECTING_SOURCES } from '../domain/maintenance-issues.js';
import type { StationBrief } from '../domain/stations.js';
import type { Db } from './db.js';
import { heldStations } from './dashboard.js';
import { connections, connectors, maintenanceIssues, stations } from './schema/index.js';

/** Faulted connectors of online active stations, the longest faulted first (an offline station's last status is
 * history: it is listed offline instead, as connectors.byStatus counts it). */
export async function listFaulted(db: Db, limit: number): Promise<FaultedConnector[]> {
  const held = heldStations(db);
  const rows = await db.with(held).select({
    stationId: connectors.stationId, chargeBoxId: stations.chargeBoxId, connectorId: connectors.connectorId,
    errorCode: connectors.errorCode, since: connectors.statusAt,
  }).from(connectors)
    .innerJoin(stations, eq(stations.id, connectors.stationId))
    .innerJoin(held, eq(held.stationId, connectors.stationId))
    .where(and(eq(connectors.status, 'Faulted'), eq(stations.active, true), sql`${connectors.connectorId} >= 1`))
    .orderBy(asc(connectors.statusAt), asc(connectors.stationId), asc(connectors.connectorId))
    .limit(limit);
  return rows.map((r) => ({ ...r, status: 'Faulted' as const }));
}

// The order of the index stations_last_seen (migration 0015): never seen counts as the oldest.
const lastSeenOrder = sql`coalesce(${stations.lastSeenAt}, '-infinity'::timestamptz)`;

/** Active stations no node holds, the most recently seen first (the newest losses), never seen last: read in the
 * order of stations_last_seen, each probed for an open connection (connections_open_by_station) until 20 are found. */
export async function listOffline(db: Db, limit: number): Promise<OfflineStation[]> {
  const open = db.select({ one: sql`1` }).from(connections)
    .where(and(eq(connections.stationId, stations.id), isNull(connections.disconnectedAt)));
  return db.select({
    stationId: stations.id, chargeBoxId: stations.chargeBoxId, name: stations.name, lastSeenAt: stations.lastSeenAt,
  }).from(stations)
    .where(and(eq(stations.active, true), notExists(open)))
    .orderBy(desc(lastSeenOrder), desc(stations.id))
    .limit(limit);
}

/** Open issues of a service-affecting source on active stations, the longest open first, with how many in all. */
export async function listOpenServiceIssues(db: Db, limit: number): Promise<{ total: number; items: MaintenanceAttention[] }> {
  const t = maintenanceIssues;
  const rows = await db.select({
    issueId: t.id, stationId: t.stationId, chargeBoxId: stations.chargeBoxId, connectorId: t.connectorId, title: t.title,
    status: t.status, source: t.source, openedAt: t.openedAt,
    // Counted before LIMIT applies: the total of the same rows in the same statement.
    total: sql<string>`count(*) OVER ()`,
  }).from(t).innerJoin(stations, eq(stations.id, t.stationId))
    .where(and(inArray(t.status, [...OPEN_ISSUE_STATUSES]), inArray(t.source, [...SERVICE_AFFECTING_SOURCES]), eq(stations.active, true)))
    .orderBy(asc(t.openedAt), asc(t.id))
    .limit(limit);
  return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _total, ...item }) => item) };
}

/** These stations' names, by id (the few a list names). */
export async function listStationBriefs(db: Db, ids: number[]): Promise<StationBrief[]> {
  if (ids.length === 0) return [];
  return db.select({ id: stations.id, chargeBoxId: stations.chargeBoxId, name: stations.name })
    .from(stations).where(inArray(stations.id, ids));
}
