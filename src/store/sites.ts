// Sites and the stations that share each one's grid connection (issue 17). Currents are tenths of an ampere in the
// rows and amperes in the domain; the conversion lives here, beside the queries.
import { asc, eq, isNotNull } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import { fromTenths, toTenths, type LoadStrategy, type Site, type SitePhases, type SiteSettings, type SiteStationView } from '../domain/sites.js';
import { pgErrorCode, type Db } from './db.js';
import { sites, stations } from './schema/index.js';

type SiteRow = typeof sites.$inferSelect;

const toSite = (r: SiteRow): Site => ({
  id: r.id, name: r.name, maxCurrentA: fromTenths(r.maxCurrentDeciamps), phases: r.phases as SitePhases, voltageV: r.voltageV,
  minCurrentA: fromTenths(r.minCurrentDeciamps), failsafeCurrentA: fromTenths(r.failsafeCurrentDeciamps),
  strategy: r.strategy as LoadStrategy, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

const toRow = (s: SiteSettings) => ({
  name: s.name, maxCurrentDeciamps: toTenths(s.maxCurrentA), phases: s.phases, voltageV: s.voltageV,
  minCurrentDeciamps: toTenths(s.minCurrentA), failsafeCurrentDeciamps: toTenths(s.failsafeCurrentA), strategy: s.strategy,
});

const notFound = (id: number) => new AppError('NotFound', `site ${id} does not exist`, { field: 'siteId' });

export async function listSites(db: Db): Promise<Site[]> {
  return (await db.select().from(sites).orderBy(asc(sites.id))).map(toSite);
}

export async function findSite(db: Db, id: number): Promise<Site | null> {
  const rows = await db.select().from(sites).where(eq(sites.id, id));
  return rows[0] ? toSite(rows[0]) : null;
}

export async function getSite(db: Db, id: number): Promise<Site> {
  const site = await findSite(db, id);
  if (!site) throw notFound(id);
  return site;
}

/** Locks the row until the transaction ends: two changes to one site merge one after the other. */
export async function getSiteForUpdate(tx: Db, id: number): Promise<Site> {
  const rows = await tx.select().from(sites).where(eq(sites.id, id)).for('update');
  if (!rows[0]) throw notFound(id);
  return toSite(rows[0]);
}

export async function insertSite(db: Db, s: SiteSettings, at: Date): Promise<Site> {
  const rows = await db.insert(sites).values({ ...toRow(s), createdAt: at, updatedAt: at }).returning();
  return toSite(rows[0]!);
}

/** The whole settings, as merged by the caller (the rules between fields hold on the result). */
export async function updateSite(db: Db, id: number, s: SiteSettings, at: Date): Promise<Site> {
  const rows = await db.update(sites).set({ ...toRow(s), updatedAt: at }).where(eq(sites.id, id)).returning();
  if (!rows[0]) throw notFound(id);
  return toSite(rows[0]);
}

const stationColumns = {
  stationId: stations.id, chargeBoxId: stations.chargeBoxId, name: stations.name,
  maxCurrentDeciamps: stations.maxCurrentDeciamps, priority: stations.priority, siteId: stations.siteId,
};
type StationPick = { stationId: number; chargeBoxId: string; name: string | null; maxCurrentDeciamps: number | null; priority: number };
const toSiteStation = ({ maxCurrentDeciamps, ...r }: StationPick): SiteStationView => ({
  stationId: r.stationId, chargeBoxId: r.chargeBoxId, name: r.name, priority: r.priority,
  maxCurrentA: maxCurrentDeciamps === null ? null : fromTenths(maxCurrentDeciamps),
});

export async function listSiteStations(db: Db, siteId: number): Promise<SiteStationView[]> {
  const rows = await db.select(stationColumns).from(stations).where(eq(stations.siteId, siteId)).orderBy(asc(stations.id));
  return rows.map(toSiteStation);
}

/** Every station that belongs to a site, by site (the list of sites shows their stations). */
export async function listStationsBySite(db: Db): Promise<Map<number, SiteStationView[]>> {
  const rows = await db.select(stationColumns).from(stations).where(isNotNull(stations.siteId)).orderBy(asc(stations.id));
  const bySite = new Map<number, SiteStationView[]>();
  for (const r of rows) bySite.set(r.siteId!, [...(bySite.get(r.siteId!) ?? []), toSiteStation(r)]);
  return bySite;
}

const FOREIGN_KEY_VIOLATION = '23503';

/** Conflict naming the stations while any belongs to it (the foreign key also refuses a station that joins meanwhile). */
export async function deleteSite(db: Db, id: number): Promise<void> {
  await getSite(db, id);
  const members = await listSiteStations(db, id);
  const refuse = (stationIds: number[]) => new AppError('Conflict',
    `site ${id} still has stations ${stationIds.join(', ')}: move them out first (PATCH /api/stations/{id} with siteId null)`,
    { field: 'siteId', stationIds });
  if (members.length > 0) throw refuse(members.map((m) => m.stationId));
  await db.delete(sites).where(eq(sites.id, id)).catch(async (err: unknown) => {
    if (pgErrorCode(err) !== FOREIGN_KEY_VIOLATION) throw err;
    throw refuse((await listSiteStations(db, id)).map((m) => m.stationId));
  });
}
