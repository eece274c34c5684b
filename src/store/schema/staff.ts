// Staff accounts, their API tokens, and what staff did: remote commands and maintenance issues.
import { sql } from 'drizzle-orm';
import {
  check, index, integer, jsonb, pgTable, serial, text, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { stations } from './stations.js';
import { at } from './columns.js';

export const staffAccounts = pgTable('staff_accounts', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  disabledAt: at('disabled_at'),
}, (t) => [check('staff_accounts_role', sql`${t.role} IN ('viewer', 'operator', 'admin')`)]);

// Only a SHA-256 of each token is kept: tokens are 32 random bytes, so a fast hash is enough (no salt needed).
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  accountId: integer('account_id').notNull().references(() => staffAccounts.id),
  tokenHash: text('token_hash').notNull().unique(),
  label: text('label').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  revokedAt: at('revoked_at'),
  lastUsedAt: at('last_used_at'),
});

// One-time sign-in links (the first admin's, `npm run sign-in-link`): like API tokens, only a SHA-256 is kept;
// a link expires, and redeeming it sets redeemed_at, so it works once.
export const signInLinks = pgTable('sign_in_links', {
  id: serial('id').primaryKey(),
  accountId: integer('account_id').notNull().references(() => staffAccounts.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  redeemedAt: at('redeemed_at'),
});

export const commandLog = pgTable('command_log', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  action: text('action').notNull(),
  payload: jsonb('payload').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: at('requested_at').notNull(),
  outcome: text('outcome'), // null while waiting; see domain/commands.ts
  response: jsonb('response'),
  error: text('error'),
  finishedAt: at('finished_at'),
  // The cluster node whose socket carried the CALL to the charger; null on a single node or when none did.
  nodeId: text('node_id'),
}, (t) => [index('command_log_station').on(t.stationId, t.requestedAt)]);

// connectorId 0 names the station as a whole (as in OCPP); 1..N one connector.
export const maintenanceIssues = pgTable('maintenance_issues', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull().default(0),
  title: text('title').notNull(),
  description: text('description'),
  status: text('status').notNull().default('open'),
  source: text('source').notNull().default('staff'),
  faultErrorCode: text('fault_error_code'),
  openedBy: text('opened_by').notNull(),
  openedAt: at('opened_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  resolvedAt: at('resolved_at'),
  closedAt: at('closed_at'),
}, (t) => [
  check('maintenance_issues_status', sql`${t.status} IN ('open', 'in_progress', 'resolved', 'closed')`),
  check('maintenance_issues_source', sql`${t.source} IN ('staff', 'fault', 'security')`),
  check('maintenance_issues_connector', sql`${t.connectorId} >= 0`),
  index('maintenance_issues_station').on(t.stationId, t.connectorId, t.status),
  // The staff list (store/maintenance-issues.ts listIssues): newest first by opened_at then id, alone or led by its filter;
  // ?open=true by a partial index; ?q= the start of the title in any case.
  index('maintenance_issues_opened').on(t.openedAt, t.id),
  index('maintenance_issues_station_opened').on(t.stationId, t.openedAt, t.id),
  index('maintenance_issues_status_opened').on(t.status, t.openedAt, t.id),
  index('maintenance_issues_source_opened').on(t.source, t.openedAt, t.id),
  index('maintenance_issues_open_opened').on(t.openedAt, t.id).where(sql`${t.status} IN ('open', 'in_progress')`),
  index('maintenance_issues_title_prefix').on(sql`lower(${t.title}) text_pattern_ops`),
  // The staff station list's ?maintenance=true: stations with an open service-affecting issue (domain/
  // maintenance-issues.ts SERVICE_AFFECTING_SOURCES, OPEN_ISSUE_STATUSES), few among many.
  index('maintenance_issues_open_service').on(t.stationId)
    .where(sql`${t.source} IN ('staff', 'fault') AND ${t.status} IN ('open', 'in_progress')`),
  // One automatic issue per fault: repeated Faulted notifications of one connector land on the open one.
  uniqueIndex('maintenance_issues_one_open_fault').on(t.stationId, t.connectorId)
    .where(sql`${t.source} = 'fault' AND ${t.status} IN ('open', 'in_progress')`),
]);

export const issueComments = pgTable('issue_comments', {
  id: serial('id').primaryKey(),
  issueId: integer('issue_id').notNull().references(() => maintenanceIssues.id),
  author: text('author').notNull(),
  body: text('body').notNull(),
  createdAt: at('created_at').notNull(),
}, (t) => [index('issue_comments_issue').on(t.issueId, t.createdAt)]);
