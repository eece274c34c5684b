// The stations as the driver app shows them (issue 19): each with online and, per connector, its live status, its
// slot status and when it is next free. Two statements per answer, whatever the page's size: the stations, then
// all their connectors. A driver sees when a slot is booked, never by whom.
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import { pageOf, type Page } from '../domain/paging.js';
import { boundingBox, driverConnector, type DriverConnector, type Position } from '../domain/driver-stations.js';
import type { DriverStationRow } from '../store/driver-stations.js';
import type { KeyValues } from '../store/keyset.js';

export interface DriverStation extends DriverStationRow {
  /** From the point asked for (?near=), metres, rounded; null in the list by chargeBoxId. */
  distanceM: number | null;
  connectors: DriverConnector[];
}

/** A scanned connector: its slot as in the list, and its station. */
export interface DriverConnectorView extends DriverConnector {
  station: Pick<DriverStationRow, 'id' | 'chargeBoxId' | 'name' | 'location' | 'online'>;
}

export interface DriverStationListQuery { q?: string | undefined; cursor?: KeyValues | undefined; limit: number }
export interface DriverStationNearQuery { center: Position; radiusM: number; q?: string | undefined; limit: number }

export interface DriverStationService {
  /** Stations in service (active, Accepted) by chargeBoxId, a page at a time; q: the start of the chargeBoxId or name. */
  list(query: DriverStationListQuery): Promise<Page<DriverStation>>;
  /** The nearest stations in service within radiusM that have a position, nearest first: one page, no cursor. */
  near(query: DriverStationNearQuery): Promise<Page<DriverStation>>;
  /** The connector a code names (any case): NotFound naming code. */
  connector(code: string): Promise<DriverConnectorView>;
  /** The slot a connector code names (any case), or null. */
  findSlotId(code: string): Promise<number | null>;
}

export function makeDriverStationService(d: { db: Db; clock: { now(): Date } }): DriverStationService {
  /** The stations' connectors in one statement, each station's in connector order. */
  async function withConnectors<S extends DriverStationRow>(rows: S[], distanceOf: (s: S) => number | null): Promise<DriverStation[]> {
    const facts = await store.driverStations.listDriverSlotFacts(d.db, d.clock.now(), { stationIds: rows.map((s) => s.id) });
    const byStation = new Map<number, DriverConnector[]>();
    for (const f of facts) {
      const list = byStation.get(f.stationId) ?? [];
      list.push(driverConnector(f));
      byStation.set(f.stationId, list);
    }
    // Named field by field: a near row also carries its unrounded distance, which the answer rounds.
    return rows.map((s) => ({
      id: s.id, chargeBoxId: s.chargeBoxId, name: s.name, location: s.location, latitude: s.latitude, longitude: s.longitude,
      online: s.online, distanceM: distanceOf(s), connectors: byStation.get(s.id) ?? [],
    }));
  }

  return {
    async list(query) {
      const rows = await store.driverStations.listDriverStationPage(d.db, { q: query.q, cursor: query.cursor, limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, (s) => [s.chargeBoxId, s.id]);
      return { items: await withConnectors(page.items, () => null), nextCursor: page.nextCursor };
    },
    async near(query) {
      const rows = await store.driverStations.listStationsNear(d.db, { ...query, box: boundingBox(query.center, query.radiusM) });
      return { items: await withConnectors(rows, (s) => Math.round(s.distanceM)), nextCursor: null };
    },
    async connector(code) {
      const found = await store.driverStations.findSlotIdByCode(d.db, code);
      const station = found && await store.driverStations.findDriverStation(d.db, found.stationId);
      const facts = found && await store.driverStations.listDriverSlotFacts(d.db, d.clock.now(), { slotIds: [found.slotId] });
      if (!station || !facts?.[0]) throw new AppError('NotFound', `no connector has the code ${code}`, { field: 'code' });
      const { id, chargeBoxId, name, location, online } = station;
      return { ...driverConnector(facts[0]), station: { id, chargeBoxId, name, location, online } };
    },
    findSlotId: async (code) => (await store.driverStations.findSlotIdByCode(d.db, code))?.slotId ?? null,
  };
}
