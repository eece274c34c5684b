import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { AuthorizationStatus, ChargingSession } from '../domain/model.js';
import { energySoFar } from '../domain/sessions.js';
import { isSerialId, type Db } from './db.js';
import { chargingSessions, unknownTransactionStops } from './schema/index.js';
import { jsonRecords } from './json-records.js';
import { rowsOf, tableRowReader } from './raw-rows.js';
import type { UnknownStop } from '../domain/charger-messages.js';

type SessionRow = typeof chargingSessions.$inferSelect;

export function toSession(r: SessionRow): ChargingSession {
  const base = {
    id: r.id, stationId: r.stationId, connectorId: r.connectorId, idTag: r.idTag,
    authorizationStatus: r.authorizationStatus as AuthorizationStatus, reservationId: r.reservationId,
    meterStartWh: r.meterStartWh, startedAt: r.startedAt, meterStopWh: r.meterStopWh, stoppedAt: r.stoppedAt,
    stopReason: r.stopReason, stopIdTag: r.stopIdTag, stopAnomaly: r.stopAnomaly, latestMeterWh: r.latestMeterWh,
    latestPowerW: r.latestPowerW, latestSocPercent: r.latestSocPercent, latestMeterAt: r.latestMeterAt,
  };
  return { ...base, energyWh: r.stoppedAt === null ? energySoFar(base) : r.energyWh };
}

export type NewSession = Pick<ChargingSession,
  'stationId' | 'connectorId' | 'idTag' | 'authorizationStatus' | 'reservationId' | 'meterStartWh' | 'startedAt'>;

/** The columns a new session is written with (NewSession's keys). */
const NEW_SESSION_KEYS = ['stationId', 'connectorId', 'idTag', 'authorizationStatus', 'reservationId', 'meterStartWh', 'startedAt'] as const satisfies ReadonlyArray<keyof NewSession>;
// Every key of NewSession is written: the record below does not compile while one is missing from the list.
const everyNewSessionKey: Record<Exclude<keyof NewSession, (typeof NEW_SESSION_KEYS)[number]>, never> = {};
void everyNewSessionKey;
const readSessionRow = tableRowReader(chargingSessions);

type StartKeyed = Pick<NewSession, 'stationId' | 'connectorId' | 'idTag' | 'startedAt' | 'meterStartWh'>;

/** The start key as text, to match the rows a statement returns with the starts given (the time to the millisecond). */
const startKeyText = (s: StartKeyed): string =>
  JSON.stringify([s.stationId, s.connectorId, s.idTag, s.startedAt.getTime(), s.meterStartWh]);

const startKey = (s: StartKeyed): SQL =>
  and(
    eq(chargingSessions.stationId, s.stationId), eq(chargingSessions.connectorId, s.connectorId),
    eq(chargingSessions.idTag, s.idTag), eq(chargingSessions.startedAt, s.startedAt),
    eq(chargingSessions.meterStartWh, s.meterStartWh),
  )!;

/** The session a resent StartTransaction (same station, connector, idTag, timestamp, meterStart) refers to. */
export async function findSessionByStart(db: Db, s: Parameters<typeof startKey>[0]): Promise<ChargingSession | null> {
  const rows = await db.select().from(chargingSessions).where(startKey(s)).limit(1);
  return rows[0] ? toSession(rows[0]) : null;
}

/** Inserts once: a resend racing the first lands on the unique start key and gets the existing row. */
export async function insertSessionOnce(db: Db, s: NewSession): Promise<{ session: ChargingSession; created: boolean }> {
  const inserted = await db.insert(chargingSessions).values(s).onConflictDoNothing().returning();
  if (inserted[0]) return { session: toSession(inserted[0]), created: true };
  const existing = await findSessionByStart(db, s);
  if (!existing) throw new Error('session start conflict without an existing row');
  return { session: existing, created: false };
}

/**
 * A group of new starts in ONE statement on the unique start key (services/session-starts.ts), each returned in
 * the order given with whether this statement made it; the starts another writer made first (a resend racing
 * its first) are found in one more read, only when there are any. The starts must differ in their start key.
 */
export async function insertSessionsOnce(db: Db, starts: NewSession[]): Promise<Array<{ session: ChargingSession; created: boolean }>> {
  if (starts.length === 0) return [];
  // One JSON parameter, whatever the number of starts (store/json-records.ts).
  const r = jsonRecords(chargingSessions, NEW_SESSION_KEYS, starts);
  const inserted = rowsOf(await db.execute(sql`
    INSERT INTO charging_sessions (${r.columns}) SELECT ${r.columns} FROM ${r.from} ON CONFLICT DO NOTHING RETURNING *`)).map(readSessionRow);
  const made = new Map(inserted.map((r) => [startKeyText(r), toSession(r)]));
  const others = starts.filter((s) => !made.has(startKeyText(s)));
  const existing = others.length === 0 ? [] : await db.select().from(chargingSessions).where(or(...others.map(startKey)));
  const found = new Map(existing.map((r) => [startKeyText(r), toSession(r)]));
  return starts.map((s) => {
    const key = startKeyText(s);
    const session = made.get(key);
    if (session) return { session, created: true };
    const other = found.get(key);
    if (!other) throw new Error('session start conflict without an existing row');
    return { session: other, created: false };
  });
}


export async function findSession(db: Db, id: number): Promise<ChargingSession | null> {
  if (!isSerialId(id)) return null;
  const rows = await db.select().from(chargingSessions).where(eq(chargingSessions.id, id)).limit(1);
  return rows[0] ? toSession(rows[0]) : null;
}

export async function getSession(db: Db, id: number): Promise<ChargingSession> {
  const s = await findSession(db, id);
  if (!s) throw new AppError('NotFound', `session ${id} does not exist`, { field: 'sessionId' });
  return s;
}

/** StopTransactions of this charger for transactions it does not own, oldest first. */
export async function listUnknownStops(db: Db, stationId: number): Promise<UnknownStop[]> {
  const u = unknownTransactionStops;
  return db.select({
    stationId: u.stationId, transactionId: u.transactionId, meterStopWh: u.meterStopWh, stoppedAt: u.stoppedAt,
    reason: u.reason, idTag: u.idTag, transactionData: u.transactionData, receivedAt: u.receivedAt,
  }).from(u).where(eq(u.stationId, stationId)).orderBy(u.id);
}

/** Sessions not stopped yet, everywhere (the active-sessions gauge); the partial index charging_sessions_active covers it. */
export async function countActiveSessions(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<string>`count(*)` }).from(chargingSessions).where(isNull(chargingSessions.stoppedAt));
  return Number(rows[0]?.n ?? 0);
}

export async function updateSessionStop(db: Db, id: number, stop: {
  meterStopWh: number; stoppedAt: Date; stopReason: string | null; stopIdTag: string | null;
  energyWh: number | null; stopAnomaly: string | null; at: Date;
}): Promise<ChargingSession> {
  const { at, ...fields } = stop;
  const rows = await db.update(chargingSessions).set({ ...fields, updatedAt: at })
    .where(and(eq(chargingSessions.id, id), isNull(chargingSessions.stoppedAt))).returning();
  if (!rows[0]) throw new Error(`session ${id} was not open when stopping it`);
  return toSession(rows[0]);
}

export interface SessionFilter {
  stationId?: number;
  stationIds?: number[];
  state?: 'active' | 'completed';
  limit?: number;
}

export async function listSessions(db: Db, f: SessionFilter = {}): Promise<ChargingSession[]> {
  const c = chargingSessions;
  const rows = await db.select().from(c).where(and(
    f.stationId === undefined ? undefined : eq(c.stationId, f.stationId),
    f.stationIds === undefined ? undefined : inArray(c.stationId, f.stationIds),
    f.state === undefined ? undefined : f.state === 'active' ? isNull(c.stoppedAt) : sql`${c.stoppedAt} IS NOT NULL`,
  )).orderBy(desc(c.startedAt), desc(c.id)).limit(f.limit ?? 100);
  return rows.map(toSession);
}
