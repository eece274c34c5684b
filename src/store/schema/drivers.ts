// Driver accounts (issue 19): one per customer who uses the app, and their sign-in tokens (SHA-256 only).
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers, idTags } from './sessions.js';
import { at } from './columns.js';

export const driverAccounts = pgTable('driver_accounts', {
  customerId: integer('customer_id').primaryKey().references(() => customers.id),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  appIdTagId: integer('app_id_tag_id').notNull().references(() => idTags.id),
  createdAt: at('created_at').notNull().defaultNow(),
  disabledAt: at('disabled_at'),
}, (t) => [
  // One account per email, whatever its case.
  uniqueIndex('driver_accounts_email_ci').on(sql`lower(${t.email})`),
]);

export const driverTokens = pgTable('driver_tokens', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => driverAccounts.customerId),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  revokedAt: at('revoked_at'),
}, (t) => [
  uniqueIndex('driver_tokens_hash').on(t.tokenHash),
  index('driver_tokens_customer').on(t.customerId),
]);

// Staff invite a customer to the app (issue 19): a one-time link whose token is kept as a SHA-256 only. Accepting
// it (with a password) makes the customer's driver account; it expires, and works once.
export const driverInvitations = pgTable('driver_invitations', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  tokenHash: text('token_hash').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  acceptedAt: at('accepted_at'),
}, (t) => [
  uniqueIndex('driver_invitations_hash').on(t.tokenHash),
  index('driver_invitations_customer').on(t.customerId),
]);
