// Read models of sessions for staff: the session with the customer whose tag started it.
import { and, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { SessionView } from '../domain/model.js';
import type { Db } from './db.js';
import { chargingSessions, customers, idTags, invoices, stations } from './schema/index.js';
import { getSession, toSession } from './sessions.js';

export interface SessionQuery {
  /** awaiting_payment: stopped, with an unpaid invoice. */
  state?: 'active' | 'completed' | 'awaiting_payment';
  stationId?: number;
  customerId?: number;
  /** startedAt ≥ from */
  from?: Date;
  /** startedAt < to */
  to?: Date;
  limit?: number;
  offset?: number;
}

const c = chargingSessions;
// A session belongs to the customer owning its tag (tags compare without case: OCPP CiString).
const tagJoin = sql`lower(${idTags.idTag}) = lower(${c.idTag})`;

const unpaid = sql`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.sessionId} = ${c.id} AND ${invoices.status} = 'unpaid')`;
const byState = { active: isNull(c.stoppedAt), completed: sql`${c.stoppedAt} IS NOT NULL`, awaiting_payment: unpaid };

function where(q: SessionQuery): SQL | undefined {
  return and(
    q.state === undefined ? undefined : byState[q.state],
    q.stationId === undefined ? undefined : eq(c.stationId, q.stationId),
    q.customerId === undefined ? undefined : eq(customers.id, q.customerId),
    q.from === undefined ? undefined : gte(c.startedAt, q.from),
    q.to === undefined ? undefined : lt(c.startedAt, q.to),
  );
}

function select(db: Db) {
  return db.select({ session: c, chargeBoxId: stations.chargeBoxId, customerId: customers.id, customerName: customers.name })
    .from(c)
    .innerJoin(stations, eq(stations.id, c.stationId))
    .leftJoin(idTags, tagJoin)
    .leftJoin(customers, eq(customers.id, idTags.customerId));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
const toView = (r: Row): SessionView => ({
  ...toSession(r.session),
  chargeBoxId: r.chargeBoxId,
  customer: r.customerId === null || r.customerName === null ? null : { id: r.customerId, name: r.customerName },
});

export async function listSessionViews(db: Db, q: SessionQuery): Promise<SessionView[]> {
  const rows = await select(db).where(where(q))
    .orderBy(desc(c.startedAt), desc(c.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
  return rows.map(toView);
}

export async function getSessionView(db: Db, id: number): Promise<SessionView> {
  await getSession(db, id); // NotFound naming sessionId
  const rows = await select(db).where(eq(c.id, id)).limit(1);
  return toView(rows[0]!);
}

/** Energy delivered since `since`: stopped sessions count whole, running ones so far. */
export async function energyDeliveredSinceWh(db: Db, since: Date): Promise<number> {
  const rows = await db.select({
    wh: sql<string>`coalesce(sum(CASE WHEN ${c.stoppedAt} IS NULL
      THEN greatest(coalesce(${c.latestMeterWh}, ${c.meterStartWh}) - ${c.meterStartWh}, 0)
      ELSE coalesce(${c.energyWh}, 0) END), 0)`,
  }).from(c).where(sql`${c.stoppedAt} IS NULL OR ${c.stoppedAt} >= ${since}`);
  return Number(rows[0]?.wh ?? 0);
}
