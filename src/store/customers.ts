// Customers: the people or fleets id tags belong to.
import { and, eq, or, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Customer } from '../domain/customers.js';
import type { Page } from '../domain/paging.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, startsWith, type PageRequest } from './keyset.js';
import { customers } from './schema/index.js';

export interface CustomerFields {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface CustomerFilter {
  /** A part of the name, without regard to case (no index: a scan, kept for old clients). */
  name?: string;
  /** The start of the name or of the email, without regard to case (indexes customers_name_prefix, _email_prefix). */
  q?: string;
}

const notFound = (id: number) => new AppError('NotFound', `customer ${id} does not exist`, { field: 'customerId' });

// LIKE treats % and _ as wildcards and \ as the escape: a searched name means those characters literally.
const likePattern = (part: string): string => `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function insertCustomer(db: Db, c: CustomerFields, at: Date): Promise<Customer> {
  const rows = await db.insert(customers).values({ ...c, createdAt: at, updatedAt: at }).returning();
  return rows[0]!;
}

export async function getCustomer(db: Db, id: number): Promise<Customer> {
  const rows = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
  if (!rows[0]) throw notFound(id);
  return rows[0];
}

/** Locks the customer, so that no tag is linked to it between a check and what follows (a delete). */
export async function getCustomerForUpdate(db: Db, id: number): Promise<Customer> {
  const rows = await db.select().from(customers).where(eq(customers.id, id)).for('update').limit(1);
  if (!rows[0]) throw notFound(id);
  return rows[0];
}

/** Locks the customer against a concurrent delete while a tag is linked to it (FOR KEY SHARE, as a FK check would). */
export async function getCustomerForLink(db: Db, id: number): Promise<Customer> {
  const rows = await db.select().from(customers).where(eq(customers.id, id)).for('key share').limit(1);
  if (!rows[0]) throw notFound(id);
  return rows[0];
}

// The list's order: name, then id (index customers_name_id); the cursor carries both.
const sortKey = [customers.name, customers.id];

/** Customers by name, a page at a time. */
export async function listCustomers(db: Db, f: CustomerFilter, p: PageRequest): Promise<Page<Customer>> {
  const where = and(
    f.name === undefined ? undefined : sql`${customers.name} ILIKE ${likePattern(f.name)}`,
    f.q === undefined ? undefined : or(startsWith(customers.name, f.q), startsWith(customers.email, f.q)),
    afterKey(sortKey, p.cursor, 'asc'),
  );
  return readPage(p, (limit, offset) => db.select().from(customers).where(where)
    .orderBy(...orderOf(sortKey, 'asc')).limit(limit).offset(offset), (c) => [c.name, c.id]);
}

export async function updateCustomer(db: Db, id: number, change: Partial<CustomerFields>, at: Date): Promise<Customer> {
  const rows = await db.update(customers).set({ ...change, updatedAt: at }).where(eq(customers.id, id)).returning();
  if (!rows[0]) throw notFound(id);
  return rows[0];
}

export async function deleteCustomer(db: Db, id: number): Promise<void> {
  const rows = await db.delete(customers).where(eq(customers.id, id)).returning({ id: customers.id });
  if (!rows[0]) throw notFound(id);
}
