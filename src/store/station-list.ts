// The staff station list (issue 18): one page of stations in one statement, filtered and keyset-paged, each row
// with online and its connectors' statuses. Every filter and order has its index (store/schema/stations.ts,
// migration 0015); test/integration/store/station-list-plans.test.ts EXPLAINs this statement over 20,000 stations.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ConnectorStatus, Station } from '../domain/model.js';
import type { StationAfter, StationFilter, StationSort } from '../domain/station-filters.js';
import { OPEN_ISSUE_STATUSES, SERVICE_AFFECTING_SOURCES } from '../domain/maintenance-issues.js';
import type { Db } from './db.js';
import { stations } from './schema/index.js';
import { toStation } from './stations.js';
import { startsWith } from './keyset.js';

// The list's station, named in full inside subqueries: drizzle writes a column of a one-table select unqualified
// in the select list, where "id" would be the subquery's own (connections.id).
const stationId = sql.raw('"stations"."id"');

export interface ConnectorSummary { connectorId: number; status: ConnectorStatus }

export interface StationListRow {
  station: Station;
  online: boolean;
  /** Every connector the charger reported (0, the charger as a whole, included), by connectorId. */
  connectors: ConnectorSummary[];
}

// Online, as the database knows it: a station with an open connection row. The connection lifecycle writes the
// row before the charger's first message is handled and completes it on close (ocpp/connection-lifecycle.ts); a
// restarted node closes what it left open (closeAllOpenConnections) and, in a cluster, the rows of a dead node are
// closed by the live ones (cluster/node-beats.ts). So it is the same answer on one node and in a cluster, where
// no node's memory knows every connection, and it can filter and page in SQL. connections_open_by_station.
const hasOpenConnection = sql`EXISTS (SELECT 1 FROM connections o WHERE o.station_id = ${stationId} AND o.disconnected_at IS NULL)`;
// The same, for each row of the page: a scalar subquery is probed per row through the index, where an EXISTS in
// the select list may be planned as a hash of every open connection (a fleet's worth for a page of 50).
export const online = sql<boolean>`(SELECT true FROM connections o WHERE o.station_id = ${stationId} AND o.disconnected_at IS NULL LIMIT 1) IS NOT NULL`;

const connectorSummary = sql<ConnectorSummary[]>`coalesce((
  SELECT json_agg(json_build_object('connectorId', c.connector_id, 'status', c.status) ORDER BY c.connector_id)
  FROM connectors c WHERE c.station_id = ${stationId}), '[]'::json)`;

const inStatus = (status: ConnectorStatus): SQL =>
  sql`EXISTS (SELECT 1 FROM connectors c WHERE c.station_id = ${stationId} AND c.status = ${status})`;

// Literals, not parameters: the planner matches them to the partial index maintenance_issues_open_service.
const literals = (values: readonly string[]): SQL => sql.raw(values.map((v) => `'${v}'`).join(', '));
const underMaintenance = sql`EXISTS (SELECT 1 FROM maintenance_issues m WHERE m.station_id = ${stationId}
  AND m.source IN (${literals(SERVICE_AFFECTING_SOURCES)}) AND m.status IN (${literals(OPEN_ISSUE_STATUSES)}))`;

// The expression of the index stations_last_seen, written the same so the planner walks it.
const lastSeenKey = sql.raw(`coalesce("stations"."last_seen_at", '-infinity'::timestamptz)`);

const either = (yes: boolean, condition: SQL): SQL => (yes ? condition : sql`NOT ${condition}`);

function conditions(f: StationFilter): SQL[] {
  const where: SQL[] = [];
  // stations_charge_box_id_prefix and stations_name_prefix, one bitmap each.
  if (f.q !== undefined) where.push(sql`(${startsWith(stations.chargeBoxId, f.q)} OR ${startsWith(stations.name, f.q)})`);
  if (f.status !== undefined) where.push(inStatus(f.status));
  if (f.faulted !== undefined) where.push(either(f.faulted, inStatus('Faulted')));
  if (f.online !== undefined) where.push(either(f.online, hasOpenConnection));
  if (f.maintenance !== undefined) where.push(either(f.maintenance, underMaintenance));
  if (f.siteId !== undefined) where.push(eq(stations.siteId, f.siteId));
  if (f.active !== undefined) where.push(eq(stations.active, f.active));
  if (f.registrationStatus !== undefined) where.push(eq(stations.registrationStatus, f.registrationStatus));
  return where;
}

function after(a: StationAfter): SQL {
  // chargeBoxId is unique: the id after it never decides, so the key alone bounds the range.
  if (a.sort === 'chargeBoxId') return sql`${stations.chargeBoxId} > ${a.chargeBoxId}`;
  const at = a.lastSeenAt?.toISOString() ?? null;
  return sql`(${lastSeenKey}, ${stations.id}) < (coalesce(${at}::timestamptz, '-infinity'::timestamptz), ${a.id})`;
}

const orders: Record<StationSort, SQL[]> = {
  chargeBoxId: [asc(stations.chargeBoxId), asc(stations.id)],
  '-lastSeenAt': [sql`${lastSeenKey} DESC`, desc(stations.id)],
};

export interface StationListRead { filter: StationFilter; sort: StationSort; after: StationAfter | null; limit: number }

/** The statement itself, so a test can EXPLAIN exactly what listStationPage runs. Reads limit rows as asked. */
export function stationListQuery(db: Db, r: StationListRead) {
  const where = conditions(r.filter);
  if (r.after) where.push(after(r.after));
  return db.select({ station: stations, online, connectors: connectorSummary }).from(stations)
    .where(and(...where)).orderBy(...orders[r.sort]).limit(r.limit);
}

/** Up to `limit` stations of the filter after the cursor's, in the sort's order. */
export async function listStationPage(db: Db, r: StationListRead): Promise<StationListRow[]> {
  const rows = await stationListQuery(db, r);
  return rows.map((row) => ({ station: toStation(row.station), online: row.online, connectors: parseJson(row.connectors) }));
}

// PGlite hands a json column back parsed; node-postgres too, unless it comes from an expression it types as text.
const parseJson = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v);
