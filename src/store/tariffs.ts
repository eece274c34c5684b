// Tariffs and which stations use them. A station without its own tariff uses the default one.
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Tariff } from '../domain/pricing.js';
import type { Db } from './db.js';
import { stations, tariffs, tariffStations } from './schema/index.js';

type TariffRow = typeof tariffs.$inferSelect;
export type TariffFields = Omit<Tariff, 'id' | 'stationIds'>;

const toTariff = (r: TariffRow, stationIds: number[]): Tariff => ({
  id: r.id, name: r.name, isDefault: r.isDefault, currency: r.currency, pricePerKwhMinor: r.pricePerKwhMinor,
  pricePerMinuteMinor: r.pricePerMinuteMinor, sessionFeeMinor: r.sessionFeeMinor,
  idleFeePerMinuteMinor: r.idleFeePerMinuteMinor, idleGraceMin: r.idleGraceMin, taxRateBp: r.taxRateBp, stationIds,
});

async function withStations(db: Db, rows: TariffRow[]): Promise<Tariff[]> {
  if (rows.length === 0) return [];
  const links = await db.select().from(tariffStations).where(inArray(tariffStations.tariffId, rows.map((r) => r.id)))
    .orderBy(asc(tariffStations.stationId));
  return rows.map((r) => toTariff(r, links.filter((l) => l.tariffId === r.id).map((l) => l.stationId)));
}

export async function listTariffs(db: Db): Promise<Tariff[]> {
  return withStations(db, await db.select().from(tariffs).orderBy(asc(tariffs.id)));
}

export async function getTariff(db: Db, id: number): Promise<Tariff> {
  const rows = await db.select().from(tariffs).where(eq(tariffs.id, id));
  if (!rows[0]) throw new AppError('NotFound', `tariff ${id} does not exist`, { field: 'tariffId' });
  return (await withStations(db, rows))[0]!;
}

/** The tariff a station's sessions are priced with now: its own, else the default, else none. */
export async function findTariffForStation(db: Db, stationId: number): Promise<Tariff | null> {
  // One statement (StopTransaction prices inside its transaction, issue 14): the station's own and the default,
  // own first (a station's own tariff that is also the default is the one row either way).
  const own = sql`tariffs.id in (select ts.tariff_id from tariff_stations ts where ts.station_id = ${stationId})`;
  const rows = await db.select().from(tariffs).where(or(own, eq(tariffs.isDefault, true))).orderBy(asc(tariffs.isDefault)).limit(1);
  return rows[0] ? toTariff(rows[0], []) : null;
}

/**
 * The tariff each of these stations' sessions is priced with now (its own, else the default, else none), in ONE
 * statement whatever their number (a group of StopTransactions, services/invoicing.ts): the stations' own
 * tariffs and the default, read once.
 */
export async function findTariffsForStations(db: Db, stationIds: number[]): Promise<Map<number, Tariff | null>> {
  if (stationIds.length === 0) return new Map();
  const rows = await db.select({ tariff: tariffs, stationId: tariffStations.stationId }).from(tariffs)
    .leftJoin(tariffStations, and(eq(tariffStations.tariffId, tariffs.id), sql`${tariffStations.stationId} = any(${sql.param(stationIds)}::int[])`))
    .where(or(isNotNull(tariffStations.stationId), eq(tariffs.isDefault, true)));
  // A default that is also one of these stations' own comes back with that station only: still the default.
  const fallbackRow = rows.find((r) => r.tariff.isDefault);
  const fallback = fallbackRow ? toTariff(fallbackRow.tariff, []) : null;
  const own = new Map(rows.flatMap((r) => (r.stationId === null ? [] : [[r.stationId, toTariff(r.tariff, [])] as const])));
  return new Map(stationIds.map((id) => [id, own.get(id) ?? fallback]));
}

/** Another default loses the flag first, so the partial unique index only ever guards a race. */
async function takeDefault(db: Db, id: number | null): Promise<void> {
  await db.update(tariffs).set({ isDefault: false })
    .where(and(eq(tariffs.isDefault, true), id === null ? undefined : ne(tariffs.id, id)));
}

export async function insertTariff(db: Db, t: TariffFields, at: Date): Promise<number> {
  if (t.isDefault) await takeDefault(db, null);
  const rows = await db.insert(tariffs).values({ ...t, createdAt: at, updatedAt: at }).returning({ id: tariffs.id });
  return rows[0]!.id;
}

export async function updateTariff(db: Db, id: number, t: Partial<TariffFields>, at: Date): Promise<void> {
  if (t.isDefault) await takeDefault(db, id);
  await db.update(tariffs).set({ ...t, updatedAt: at }).where(eq(tariffs.id, id));
}

/** The tariff's stations become exactly these (moved from any other tariff); the others fall back to the default. */
export async function assignStations(db: Db, tariffId: number, stationIds: number[]): Promise<void> {
  await db.delete(tariffStations).where(eq(tariffStations.tariffId, tariffId));
  if (stationIds.length === 0) return;
  const known = await db.select({ id: stations.id }).from(stations).where(inArray(stations.id, stationIds));
  const missing = stationIds.find((id) => !known.some((k) => k.id === id));
  if (missing !== undefined) throw new AppError('NotFound', `station ${missing} does not exist`, { field: 'stationIds' });
  await db.delete(tariffStations).where(inArray(tariffStations.stationId, stationIds));
  await db.insert(tariffStations).values(stationIds.map((stationId) => ({ stationId, tariffId })));
}

/** Its stations fall back to the default (cascade); invoices keep their copied prices (tariff_id set null). */
export async function deleteTariff(db: Db, id: number): Promise<void> {
  await getTariff(db, id);
  await db.delete(tariffs).where(eq(tariffs.id, id));
}
