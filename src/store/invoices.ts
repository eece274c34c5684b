// Invoices: issued once per stopped session, listed for staff, paid or voided. Payments live in payments.ts.
// The list is newest first, keyset-paged on (issued_at, id); each filter goes through an index of its own
// (schema/billing.ts), and test/integration/store/session-list-plans.test.ts EXPLAINs the list's statement.
import { and, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import { invoiceNumber, type Invoice, type InvoiceStatus } from '../domain/invoices.js';
import type { Page } from '../domain/paging.js';
import { invoiceIdOf, timeIdKey, type InvoiceFilters } from '../domain/session-filters.js';
import type { InvoiceLine } from '../domain/pricing.js';
import type { Db } from './db.js';
import { jsonRecords } from './json-records.js';
import { rowsOf, tableRowReader } from './raw-rows.js';
import { afterKey, orderOf, readPage, startsWith, type KeyValues, type PageRequest } from './keyset.js';
import { chargingSessions, customers, invoices, stations } from './schema/index.js';

export type NewInvoice = Omit<Invoice, 'id' | 'number' | 'customerName' | 'status' | 'paidAt' | 'voidedAt' | 'voidReason' | 'voidedBy'>;
/** An invoice billed to whoever owns the session's tag when it is issued. */
export type NewInvoiceOfTag = Omit<NewInvoice, 'customerId'> & { customerIdTag: string };

const i = invoices;
/** The columns a new invoice is written with (NewInvoiceOfTag's, but the tag, which names its customer). */
const NEW_INVOICE_KEYS = ['sessionId', 'stationId', 'connectorId', 'tariffId', 'currency', 'taxRateBp', 'lines', 'subtotalMinor',
  'taxMinor', 'totalMinor', 'issuedAt', 'sessionStoppedAt'] as const satisfies ReadonlyArray<keyof NewInvoiceOfTag>;
// Every key but the tag is written: the record below does not compile while one is missing from the list.
const everyNewInvoiceKey: Record<Exclude<keyof NewInvoiceOfTag, (typeof NEW_INVOICE_KEYS)[number] | 'customerIdTag'>, never> = {};
void everyNewInvoiceKey;
const readInvoiceRow = tableRowReader(i);

function select(db: Db) {
  return db.select({ invoice: i, customerName: customers.name }).from(i).leftJoin(customers, eq(customers.id, i.customerId));
}
type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
const toInvoice = ({ invoice: r, customerName }: Row): Invoice => ({
  ...r, number: invoiceNumber(r.id), customerName, status: r.status as InvoiceStatus, lines: r.lines as InvoiceLine[],
});

/**
 * Once per session: a second stop of the same session lands on the unique session_id and issues nothing. One
 * statement (issue 14: it was three): the customer owning the session's tag (tags compare without case: OCPP
 * CiString) is looked up in the insert, and the customer's name comes back with the row.
 */
export async function insertInvoiceOnce(db: Db, inv: NewInvoiceOfTag): Promise<Invoice | null> {
  const { lines, customerIdTag, ...rest } = inv;
  // Names written out: drizzle leaves columns unqualified in an insert, and these subqueries read other tables.
  const customerId = sql`(select t.customer_id from id_tags t where lower(t.id_tag) = lower(${customerIdTag}) limit 1)`;
  const rows = await db.insert(i).values({ ...rest, lines, customerId }).onConflictDoNothing({ target: i.sessionId })
    .returning({ ...getTableColumns(i), customerName: sql<string | null>`(select c.name from customers c where c.id = invoices.customer_id)` });
  const row = rows[0];
  if (!row) return null;
  const { customerName, ...invoice } = row;
  return toInvoice({ invoice, customerName });
}

/**
 * insertInvoiceOnce for a group of sessions (a group of StopTransactions), in ONE statement: each invoice once
 * per session (the unique session_id), its customer looked up in the insert and named in what comes back. Returns
 * the invoices this statement issued, by session id.
 */
export async function insertInvoicesOnce(db: Db, invs: NewInvoiceOfTag[]): Promise<Map<number, Invoice>> {
  if (invs.length === 0) return new Map();
  // One JSON parameter, whatever the number of invoices (store/json-records.ts); the stop tag rides along as an
  // extra field of the record set, for the customer's look-up. Names written out, as in insertInvoiceOnce.
  const r = jsonRecords(i, NEW_INVOICE_KEYS, invs.map((inv) => ({ ...inv, customer_id_tag: inv.customerIdTag })), { customer_id_tag: 'text' });
  const result = await db.execute(sql`
    INSERT INTO invoices (${r.columns}, customer_id)
    SELECT ${r.columns}, (SELECT t.customer_id FROM id_tags t WHERE lower(t.id_tag) = lower(r.customer_id_tag) LIMIT 1) FROM ${r.from}
    ON CONFLICT (session_id) DO NOTHING
    RETURNING *, (SELECT c.name FROM customers c WHERE c.id = invoices.customer_id) AS customer_name`);
  return new Map(rowsOf(result).map((raw) => {
    const invoice = readInvoiceRow(raw);
    return [invoice.sessionId, toInvoice({ invoice, customerName: (raw.customer_name as string | null) ?? null })];
  }));
}

export async function findInvoice(db: Db, id: number, forUpdate = false): Promise<Invoice | null> {
  const q = select(db).where(eq(i.id, id)).limit(1);
  const rows = forUpdate ? await q.for('update', { of: i }) : await q;
  return rows[0] ? toInvoice(rows[0]) : null;
}

export async function getInvoice(db: Db, id: number, forUpdate = false): Promise<Invoice> {
  const found = await findInvoice(db, id, forUpdate);
  if (!found) throw new AppError('NotFound', `invoice ${id} does not exist`, { field: 'invoiceId' });
  return found;
}

export async function findInvoiceOfSession(db: Db, sessionId: number): Promise<Invoice | null> {
  const rows = await select(db).where(eq(i.sessionId, sessionId)).limit(1);
  return rows[0] ? toInvoice(rows[0]) : null;
}

/** q: an invoice number, the whole idTag of its session, or the start of a chargeBoxId or a customer's name. */
// The subqueries' sets are read first into arrays (InitPlans), then the invoices through their own indexes.
function matches(q: string): SQL {
  const id = invoiceIdOf(q);
  return sql`(${id === null ? sql`false` : eq(i.id, id)}
    OR ${i.customerId} = ANY(ARRAY(SELECT ${customers.id} FROM ${customers} WHERE ${startsWith(customers.name, q)}))
    OR ${i.stationId} = ANY(ARRAY(SELECT ${stations.id} FROM ${stations} WHERE ${startsWith(stations.chargeBoxId, q)}))
    OR ${i.sessionId} = ANY(ARRAY(SELECT ${chargingSessions.id} FROM ${chargingSessions}
      WHERE lower(${chargingSessions.idTag}) = lower(${q}::text))))`;
}

// The list's order, newest first: (issued_at, id), index invoices_issued_id (and per filter, schema/billing.ts).
const sortKey = [i.issuedAt, i.id];

function where(f: InvoiceFilters, cursor?: KeyValues): SQL | undefined {
  return and(
    f.status === undefined ? undefined : eq(i.status, f.status),
    f.customerId === undefined ? undefined : eq(i.customerId, f.customerId),
    f.stationId === undefined ? undefined : eq(i.stationId, f.stationId),
    f.sessionId === undefined ? undefined : eq(i.sessionId, f.sessionId),
    f.from === undefined ? undefined : gte(i.issuedAt, f.from),
    f.to === undefined ? undefined : lt(i.issuedAt, f.to),
    f.q === undefined ? undefined : matches(f.q),
    afterKey(sortKey, cursor, 'desc'),
  );
}

/**
 * The statement that reads a page (limit: the page's limit + 1, see keyset.ts readPage). The page's ids are chosen
 * first, from invoices alone, so the customer is joined for those rows only (as store/session-views.ts does).
 */
export function invoicePageStatement(db: Db, f: InvoiceFilters, cursor: KeyValues | undefined, limit: number, offset = 0) {
  const pageIds = db.select({ id: i.id }).from(i).where(where(f, cursor)).orderBy(...orderOf(sortKey, 'desc')).limit(limit).offset(offset);
  return select(db).where(inArray(i.id, pageIds)).orderBy(...orderOf(sortKey, 'desc'));
}

export async function listInvoicePage(db: Db, f: InvoiceFilters, p: PageRequest): Promise<Page<Invoice>> {
  return readPage(p, async (limit, offset) => (await invoicePageStatement(db, f, p.cursor, limit, offset)).map(toInvoice),
    (inv) => timeIdKey(inv.issuedAt, inv.id));
}

export async function countUnpaid(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<string>`count(*)` }).from(i).where(eq(i.status, 'unpaid'));
  return Number(rows[0]?.n ?? 0);
}

export async function markPaid(db: Db, id: number, at: Date): Promise<void> {
  await db.update(i).set({ status: 'paid', paidAt: at }).where(eq(i.id, id));
}

export async function markVoid(db: Db, id: number, v: { reason: string; by: string; at: Date }): Promise<void> {
  await db.update(i).set({ status: 'void', voidReason: v.reason, voidedBy: v.by, voidedAt: v.at }).where(eq(i.id, id));
}
