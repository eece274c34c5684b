// What the load balancer reads for one run on a site (issue 17 item 3), in ONE statement: the site, its stations
// and the sessions running on them with their latest measured power (charging_sessions.latest_power_w, kept by
// MeterValues in store/meter-value-groups.ts). Runs on every start, stop and every LOAD_BALANCE_INTERVAL_S per
// site; the running sessions come through the partial index charging_sessions_active (station_id, connector_id
// WHERE stopped_at IS NULL), the stations through stations_site (site_id). The statement is beside it in
// site-loads.sql for review (test/unit/store/site-loads-statement.test.ts keeps the two the same).
import { eq, sql } from 'drizzle-orm';
import { fromTenths, type LoadStrategy, type SitePhases, type SiteStationView } from '../domain/sites.js';
import type { SiteLoadFacts, SiteSession } from '../domain/load-decisions.js';
import type { Db } from './db.js';
import { stations } from './schema/index.js';

interface FactsRow {
  id: number; name: string; max_current_deciamps: number; phases: number; voltage_v: number;
  min_current_deciamps: number; failsafe_current_deciamps: number; strategy: string;
  created_at_ms: number | string; updated_at_ms: number | string;
  stations: Array<{ stationId: number; chargeBoxId: string; name: string | null; maxCurrentDeciamps: number | null; priority: number }>;
  sessions: Array<{ sessionId: number; stationId: number; connectorId: number; startedAtMs: number; powerW: number | null; measuredAtMs: number | null }>;
}

const epochMs = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);

export const siteLoadStatement = (siteId: number) => sql`
  SELECT s.id, s.name, s.max_current_deciamps, s.phases, s.voltage_v, s.min_current_deciamps, s.failsafe_current_deciamps,
    s.strategy, ${epochMs('s.created_at')} AS created_at_ms, ${epochMs('s.updated_at')} AS updated_at_ms,
    (SELECT coalesce(json_agg(json_build_object('stationId', st.id, 'chargeBoxId', st.charge_box_id, 'name', st.name,
        'maxCurrentDeciamps', st.max_current_deciamps, 'priority', st.priority) ORDER BY st.id), '[]'::json)
      FROM stations st WHERE st.site_id = s.id) AS stations,
    (SELECT coalesce(json_agg(json_build_object('sessionId', c.id, 'stationId', c.station_id, 'connectorId', c.connector_id,
        'startedAtMs', ${epochMs('c.started_at')}, 'powerW', c.latest_power_w, 'measuredAtMs', ${epochMs('c.latest_meter_at')})
        ORDER BY c.started_at, c.id), '[]'::json)
      FROM stations st JOIN charging_sessions c ON c.station_id = st.id AND c.stopped_at IS NULL
      WHERE st.site_id = s.id) AS sessions
  FROM sites s WHERE s.id = ${siteId}`;

const toStation = (s: FactsRow['stations'][number]): SiteStationView => ({
  stationId: s.stationId, chargeBoxId: s.chargeBoxId, name: s.name, priority: s.priority,
  maxCurrentA: s.maxCurrentDeciamps === null ? null : fromTenths(s.maxCurrentDeciamps),
});

const toSession = (s: FactsRow['sessions'][number]): SiteSession => ({
  sessionId: s.sessionId, stationId: s.stationId, connectorId: s.connectorId, startedAt: new Date(s.startedAtMs),
  powerW: s.powerW, measuredAt: s.measuredAtMs === null ? null : new Date(s.measuredAtMs),
});

/** The site with its stations and running sessions; null when the site is gone. */
export async function findSiteLoad(db: Db, siteId: number): Promise<SiteLoadFacts | null> {
  const result = await db.execute(siteLoadStatement(siteId));
  const r = (result as unknown as { rows: FactsRow[] }).rows[0];
  if (!r) return null;
  return {
    site: {
      id: r.id, name: r.name, maxCurrentA: fromTenths(r.max_current_deciamps), phases: r.phases as SitePhases, voltageV: r.voltage_v,
      minCurrentA: fromTenths(r.min_current_deciamps), failsafeCurrentA: fromTenths(r.failsafe_current_deciamps),
      strategy: r.strategy as LoadStrategy, createdAt: new Date(Number(r.created_at_ms)), updatedAt: new Date(Number(r.updated_at_ms)),
    },
    stations: r.stations.map(toStation),
    sessions: r.sessions.map(toSession),
  };
}

/** The site a station belongs to, or null (no site, or no such station). */
export async function findSiteIdOfStation(db: Db, stationId: number): Promise<number | null> {
  const rows = await db.select({ siteId: stations.siteId }).from(stations).where(eq(stations.id, stationId));
  return rows[0]?.siteId ?? null;
}
