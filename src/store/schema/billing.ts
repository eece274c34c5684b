// Tariffs, their stations, invoices (one per stopped session) and payments. Amounts are integer minor units
// (bigint: a long session at a high price must not overflow); the tax rate is in basis points (19 % = 1900).
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { stations } from './stations.js';
import { chargingSessions, customers } from './sessions.js';
import { at } from './columns.js';

const minor = (name: string) => bigint(name, { mode: 'number' });

export const tariffs = pgTable('tariffs', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  currency: text('currency').notNull(),
  pricePerKwhMinor: integer('price_per_kwh_minor').notNull(),
  pricePerMinuteMinor: integer('price_per_minute_minor').notNull(),
  sessionFeeMinor: integer('session_fee_minor').notNull(),
  idleFeePerMinuteMinor: integer('idle_fee_per_minute_minor').notNull(),
  idleGraceMin: integer('idle_grace_min').notNull(),
  taxRateBp: integer('tax_rate_bp').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  // At most one default: the tariff of every station without its own.
  uniqueIndex('tariffs_one_default').on(t.isDefault).where(sql`${t.isDefault}`),
  check('tariffs_currency', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  check('tariffs_non_negative', sql`${t.pricePerKwhMinor} >= 0 AND ${t.pricePerMinuteMinor} >= 0 AND ${t.sessionFeeMinor} >= 0
    AND ${t.idleFeePerMinuteMinor} >= 0 AND ${t.idleGraceMin} >= 0 AND ${t.taxRateBp} BETWEEN 0 AND 10000`),
]);

// A station has at most one tariff of its own (the primary key); none means the default.
export const tariffStations = pgTable('tariff_stations', {
  stationId: integer('station_id').primaryKey().references(() => stations.id),
  tariffId: integer('tariff_id').notNull().references(() => tariffs.id, { onDelete: 'cascade' }),
});

export const invoices = pgTable('invoices', {
  id: serial('id').primaryKey(),
  // One invoice per session, whatever the number of StopTransactions that arrive for it.
  sessionId: integer('session_id').notNull().unique().references(() => chargingSessions.id),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  customerId: integer('customer_id').references(() => customers.id),
  // The tariff it was priced with, for reference only: the lines hold the prices (a later change or delete
  // of the tariff never alters an issued invoice).
  tariffId: integer('tariff_id').references(() => tariffs.id, { onDelete: 'set null' }),
  currency: text('currency').notNull(),
  taxRateBp: integer('tax_rate_bp').notNull(),
  lines: jsonb('lines').notNull(),
  subtotalMinor: minor('subtotal_minor').notNull(),
  taxMinor: minor('tax_minor').notNull(),
  totalMinor: minor('total_minor').notNull(),
  status: text('status').notNull().default('unpaid'),
  issuedAt: at('issued_at').notNull(),
  sessionStoppedAt: at('session_stopped_at').notNull(),
  paidAt: at('paid_at'),
  voidedAt: at('voided_at'),
  voidReason: text('void_reason'),
  voidedBy: text('voided_by'),
}, (t) => [
  check('invoices_status', sql`${t.status} IN ('unpaid', 'paid', 'void')`),
  index('invoices_unpaid').on(t.stationId, t.connectorId).where(sql`${t.status} = 'unpaid'`),
  // The staff list (store/invoices.ts), newest first on (issued_at, id): one index range per page, alone or within
  // a status, a station or a customer; awaiting payment (a session's state) probes invoices_unpaid_session.
  index('invoices_issued_id').on(t.issuedAt, t.id),
  index('invoices_status_issued').on(t.status, t.issuedAt, t.id),
  index('invoices_station_issued').on(t.stationId, t.issuedAt, t.id),
  index('invoices_customer_issued').on(t.customerId, t.issuedAt, t.id),
  index('invoices_unpaid_session').on(t.sessionId).where(sql`${t.status} = 'unpaid'`),
]);

export const payments = pgTable('payments', {
  id: serial('id').primaryKey(),
  // One payment settles an invoice in full: a second one (another key, or a race) hits this constraint.
  invoiceId: integer('invoice_id').notNull().unique().references(() => invoices.id),
  // The client's Idempotency-Key: the same key twice is one payment, decided by this constraint, not by a read.
  idempotencyKey: text('idempotency_key').notNull().unique(),
  // What the key was first used for (invoice, method, reference): the same key for another request is refused.
  requestFingerprint: text('request_fingerprint').notNull(),
  method: text('method').notNull(),
  reference: text('reference'),
  amountMinor: minor('amount_minor').notNull(),
  currency: text('currency').notNull(),
  paidBy: text('paid_by').notNull(),
  paidAt: at('paid_at').notNull(),
}, (t) => [check('payments_method', sql`${t.method} IN ('cash', 'card', 'transfer', 'other')`)]);
