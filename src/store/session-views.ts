// Read models of sessions for staff: the session with its charger's name and the customer whose tag started it.
// The list is newest first, keyset-paged on (started_at, id); each filter goes through an index of its own
// (schema/sessions.ts), and test/integration/store/session-list-plans.test.ts EXPLAINs this very statement.
import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { SessionView } from '../domain/model.js';
import type { Page } from '../domain/paging.js';
import { timeIdKey, type SessionFilters } from '../domain/session-filters.js';
import type { StaffClosure } from '../domain/session-closing.js';
import { toStaffClosure } from './session-closings.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, startsWith, type KeyValues, type PageRequest } from './keyset.js';
import { chargingSessions, customers, idTags, invoices, stations } from './schema/index.js';
import { getSession, toSession } from './sessions.js';

/** The filters with an old client's limit and offset (the dashboard's running sessions). */
export type SessionQuery = SessionFilters & { limit?: number; offset?: number };

const c = chargingSessions;
// The list's order, newest first: (started_at, id), index charging_sessions_started (and per filter, schema/sessions.ts).
const sortKey = [c.startedAt, c.id];
// A session belongs to the customer owning its tag (tags compare without case: OCPP CiString).
const tag = sql`lower(${c.idTag})`;
const tagJoin = sql`lower(${idTags.idTag}) = ${tag}`;

const unpaid = sql`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.sessionId} = ${c.id} AND ${invoices.status} = 'unpaid')`;
const byState = { active: isNull(c.stoppedAt), completed: sql`${c.stoppedAt} IS NOT NULL`, awaiting_payment: unpaid };

// Sets (a customer's tags, a site's stations, what q names) are read first into an array (an InitPlan), so the
// sessions are then found through their own index (= ANY), never by joining every session to every tag.
const tagsOfCustomer = (customerId: number) =>
  sql`${tag} = ANY(ARRAY(SELECT lower(t.id_tag) FROM id_tags t WHERE t.customer_id = ${customerId}))`;
const stationsOfSite = (siteId: number) =>
  sql`${c.stationId} = ANY(ARRAY(SELECT s.id FROM stations s WHERE s.site_id = ${siteId}))`;

/** q: the whole idTag, or the start of a chargeBoxId or of a customer's name; each through a prefix index. */
// The subqueries name their tables in full: the outer statement joins stations and customers too, and a
// subquery's own FROM is the nearer one.
function matches(q: string): SQL {
  return sql`(${tag} = ANY(ARRAY(
      SELECT lower(${q}::text)
      UNION ALL
      SELECT lower(${idTags.idTag}) FROM ${customers} JOIN ${idTags} ON ${idTags.customerId} = ${customers.id}
      WHERE ${startsWith(customers.name, q)}))
    OR ${c.stationId} = ANY(ARRAY(SELECT ${stations.id} FROM ${stations} WHERE ${startsWith(stations.chargeBoxId, q)})))`;
}

/** The filters (and a cursor's position) on charging_sessions; also the sessions export's (billing-views.ts). */
export function sessionsWhere(f: SessionFilters, cursor?: KeyValues): SQL | undefined {
  return and(
    f.state === undefined ? undefined : byState[f.state],
    f.stationId === undefined ? undefined : eq(c.stationId, f.stationId),
    f.connectorId === undefined ? undefined : eq(c.connectorId, f.connectorId),
    f.customerId === undefined ? undefined : tagsOfCustomer(f.customerId),
    f.idTagId === undefined ? undefined : sql`${tag} = (SELECT lower(t.id_tag) FROM id_tags t WHERE t.id = ${f.idTagId})`,
    f.idTag === undefined ? undefined : sql`${tag} = lower(${f.idTag}::text)`,
    f.siteId === undefined ? undefined : stationsOfSite(f.siteId),
    f.from === undefined ? undefined : gte(c.startedAt, f.from),
    f.to === undefined ? undefined : lt(c.startedAt, f.to),
    f.q === undefined ? undefined : matches(f.q),
    afterKey(sortKey, cursor, 'desc'),
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
/** A session as staff read it, with who closed it if staff did (domain/session-closing.ts). */
export type StaffSessionView = SessionView & StaffClosure;
const toView = (r: Row): StaffSessionView => ({
  ...toSession(r.session),
  ...toStaffClosure(r.session),
  chargeBoxId: r.chargeBoxId,
  customer: r.customerId === null || r.customerName === null ? null : { id: r.customerId, name: r.customerName },
});

/**
 * The statement that reads a page (limit: the page's limit + 1, see keyset.ts readPage). The page's ids are chosen
 * first, from charging_sessions alone, so the joins (charger, tag, customer) run for those rows only, through
 * their keys: joined before the LIMIT, the planner may hash whole tables when a filter's share is hard to guess.
 */
export function sessionPageStatement(db: Db, f: SessionFilters, cursor: KeyValues | undefined, limit: number, offset = 0) {
  const pageIds = db.select({ id: c.id }).from(c).where(sessionsWhere(f, cursor))
    .orderBy(...orderOf(sortKey, 'desc')).limit(limit).offset(offset);
  return select(db).where(inArray(c.id, pageIds)).orderBy(...orderOf(sortKey, 'desc'));
}

export async function listSessionPage(db: Db, f: SessionFilters, p: PageRequest): Promise<Page<StaffSessionView>> {
  return readPage(p, async (limit, offset) => (await sessionPageStatement(db, f, p.cursor, limit, offset)).map(toView),
    (s) => timeIdKey(s.startedAt, s.id));
}

export async function listSessionViews(db: Db, q: SessionQuery): Promise<StaffSessionView[]> {
  const { limit = 50, offset, ...filters } = q;
  return (await listSessionPage(db, filters, { limit, ...(offset === undefined ? {} : { offset }) })).items;
}

export async function getSessionView(db: Db, id: number): Promise<StaffSessionView> {
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
