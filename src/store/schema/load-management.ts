// Load management (issue 17 item 3): the charging profiles each charger accepted, and the allocator's decisions.
import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { stations } from './stations.js';
import { sites } from './sites.js';

// What is installed where: a profile a charger accepted (SetChargingProfile Accepted), from staff through the
// command API, from the load balancer or as the site's fail-safe. A charger keeps one profile per
// (connector, purpose, stackLevel) and replaces one with the same chargingProfileId (OCPP 1.6 §3.13.2), so a new
// one replaces those rows; ClearChargingProfile Accepted deletes what it matched; a TxProfile goes with its
// transaction's end.
export const chargingProfiles = pgTable('charging_profiles', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  chargingProfileId: integer('charging_profile_id').notNull(),
  stackLevel: integer('stack_level').notNull(),
  purpose: text('purpose').notNull(), // ChargePointMaxProfile | TxDefaultProfile | TxProfile
  transactionId: integer('transaction_id'),
  // The csChargingProfiles as sent.
  profile: jsonb('profile').notNull(),
  // 'staff:<account>' | 'load-balancer' | 'failsafe'
  source: text('source').notNull(),
  acceptedAt: at('accepted_at').notNull(),
}, (t) => [index('charging_profiles_station').on(t.stationId, t.connectorId)]);

// Each run of the allocator on a site: why it ran, and the limit it gave each session (and what was sent).
export const loadDecisions = pgTable('load_decisions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
  trigger: text('trigger').notNull(),
  decidedAt: at('decided_at').notNull(),
  // [{ sessionId, stationId, connectorId, transactionId, limitA, reason, measuredA, sent }]: sent is the charger's answer or why none came
  limits: jsonb('limits').notNull(),
  allocatedDeciamps: integer('allocated_deciamps').notNull(),
  measuredDeciamps: integer('measured_deciamps'),
}, (t) => [index('load_decisions_site').on(t.siteId, t.decidedAt)]);
