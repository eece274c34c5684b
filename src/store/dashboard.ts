// The few wide reads behind the staff dashboard.
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Connector } from '../domain/model.js';
import type { StationBrief } from '../domain/stations.js';
import { toConnector } from './connectors.js';
import type { Db } from './db.js';
import { connectors, stations } from './schema/index.js';

export async function listActiveStations(db: Db): Promise<StationBrief[]> {
  return db.select({ id: stations.id, chargeBoxId: stations.chargeBoxId, name: stations.name })
    .from(stations).where(eq(stations.active, true)).orderBy(asc(stations.chargeBoxId));
}

/** Every outlet (connectors 1..N) of active stations (or of one), with its latest status. */
/** Outlets (connectors 1..N) of active stations: of these stations only, when given. */
export async function listOutlets(db: Db, stationIds?: number[]): Promise<Connector[]> {
  const rows = await db.select({ c: connectors }).from(connectors)
    .innerJoin(stations, eq(stations.id, connectors.stationId))
    .where(and(
      eq(stations.active, true), gte(connectors.connectorId, 1),
      stationIds === undefined ? undefined : inArray(connectors.stationId, stationIds),
    ))
    .orderBy(asc(connectors.stationId), asc(connectors.connectorId));
  return rows.map(({ c }) => toConnector(c));
}
