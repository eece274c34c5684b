// Id tags, charging sessions (OCPP transactions: the session id IS the transactionId) and meter values.
import {
  bigint, bigserial, check, uniqueIndex, doublePrecision, index, integer, jsonb, pgTable, serial, text, unique,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { stations } from './stations.js';
import { at } from './columns.js';

// Energy registers are Wh integers on the wire; a long-lived meter can pass 2^31 Wh, so store 64-bit.
const wh = (name: string) => bigint(name, { mode: 'number' });

export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  // The staff list (store/customers.ts): by name then id; ?q= the start of the name or email in any case, which
  // only a text_pattern_ops index serves whatever the database's collation.
  index('customers_name').on(t.name, t.id),
  index('customers_name_prefix').on(sql`lower(${t.name}) text_pattern_ops`),
  index('customers_email_prefix').on(sql`lower(${t.email}) text_pattern_ops`),
]);

export const idTags = pgTable('id_tags', {
  id: serial('id').primaryKey(),
  idTag: text('id_tag').notNull(),
  status: text('status').notNull().default('Accepted'),
  expiryDate: at('expiry_date'),
  parentIdTag: text('parent_id_tag'),
  customerId: integer('customer_id').references(() => customers.id),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  // OCPP idTags are CiString20: unique and compared without regard to case (OCPP 1.6 §2.2).
  uniqueIndex('id_tags_id_tag_ci').on(sql`lower(${t.idTag})`),
  check('id_tags_status', sql`${t.status} IN ('Accepted', 'Blocked')`),
  check('id_tags_length', sql`char_length(${t.idTag}) BETWEEN 1 AND 20`),
  // The staff list (store/id-tags.ts): by the tag text then id, alone or within a customer or a status; ?q= its start.
  index('id_tags_id_tag').on(t.idTag, t.id),
  index('id_tags_customer').on(t.customerId, t.idTag, t.id),
  index('id_tags_status').on(t.status, t.idTag, t.id),
  index('id_tags_prefix').on(sql`lower(${t.idTag}) text_pattern_ops`),
]);

export const chargingSessions = pgTable('charging_sessions', {
  id: serial('id').primaryKey(), // the OCPP transactionId
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  idTag: text('id_tag').notNull(),
  authorizationStatus: text('authorization_status').notNull(),
  reservationId: integer('reservation_id'),
  meterStartWh: wh('meter_start_wh').notNull(),
  startedAt: at('started_at').notNull(),
  meterStopWh: wh('meter_stop_wh'),
  stoppedAt: at('stopped_at'),
  stopReason: text('stop_reason'),
  stopIdTag: text('stop_id_tag'),
  energyWh: wh('energy_wh'),
  stopAnomaly: text('stop_anomaly'),
  latestMeterWh: wh('latest_meter_wh'),
  latestPowerW: doublePrecision('latest_power_w'),
  latestSocPercent: doublePrecision('latest_soc_percent'),
  latestMeterAt: at('latest_meter_at'),
  // Closed by staff (issue 18: a session the charger will never stop): who, when, why. The stop itself is recorded
  // as a StopTransaction's (stop_reason 'Other', priced from the last reading, services/session-closing.ts).
  closedBy: text('closed_by'),
  closedAt: at('closed_at'),
  closedReason: text('closed_reason'),
  // The charger's own StopTransaction arriving after staff closed the session: kept, never invoiced again.
  chargerStoppedAt: at('charger_stopped_at'),
  chargerMeterStopWh: wh('charger_meter_stop_wh'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  // A charger that lost our answer resends the same StartTransaction: it must land on this row (OCPP.md).
  unique('charging_sessions_start_once').on(t.stationId, t.connectorId, t.idTag, t.startedAt, t.meterStartWh),
  // Energy per hour or day (store/stats.ts): the sessions stopped in a bucket, one index range per bucket.
  index('charging_sessions_stopped').on(t.stoppedAt),
  index('charging_sessions_active').on(t.stationId, t.connectorId).where(sql`${t.stoppedAt} IS NULL`),
  // Authorize, StartTransaction and StopTransaction ask whether a tag charges elsewhere, comparing tags without
  // case (CiString20): the index has to be on lower(id_tag) to serve that read (issue 14).
  index('charging_sessions_id_tag_ci_active').on(sql`lower(${t.idTag})`).where(sql`${t.stoppedAt} IS NULL`),
  // The staff list (store/session-views.ts), newest first on (started_at, id): one index range per page, alone,
  // running only, by station (and its connector, a site's stations, q's chargers) or by tag (idTag, a customer's
  // tags, q's tag and customers), case-insensitive as tags compare (CiString20).
  index('charging_sessions_started').on(t.startedAt, t.id),
  index('charging_sessions_running_started').on(t.startedAt, t.id).where(sql`${t.stoppedAt} IS NULL`),
  index('charging_sessions_station_started').on(t.stationId, t.startedAt, t.id),
  index('charging_sessions_tag_started').on(sql`lower(${t.idTag})`, t.startedAt, t.id),
]);

export const meterValues = pgTable('meter_values', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  sessionId: integer('session_id').references(() => chargingSessions.id),
  sampledAt: at('sampled_at').notNull(),
  measurand: text('measurand').notNull(),
  value: text('value').notNull(),
  unit: text('unit'),
  context: text('context').notNull(),
  phase: text('phase'),
  location: text('location'),
  format: text('format'),
  receivedAt: at('received_at').notNull(),
}, (t) => [
  // A retransmitted sample (same reading of the same meter at the same instant) is stored once; the same
  // reading given in two units (Wh and kWh) or formats is two samples.
  unique('meter_values_once')
    .on(t.stationId, t.connectorId, t.sampledAt, t.measurand, t.phase, t.location, t.context, t.unit, t.format)
    .nullsNotDistinct(),
  index('meter_values_session').on(t.sessionId, t.sampledAt),
]);

// A StopTransaction for a transaction we never issued (or one of another charger): accepted and kept.
export const unknownTransactionStops = pgTable('unknown_transaction_stops', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  // As the charger sent it: any OCPP integer, not only ids we could have issued.
  transactionId: bigint('transaction_id', { mode: 'number' }).notNull(),
  meterStopWh: wh('meter_stop_wh').notNull(),
  stoppedAt: at('stopped_at').notNull(),
  reason: text('reason'),
  idTag: text('id_tag'),
  transactionData: jsonb('transaction_data'),
  receivedAt: at('received_at').notNull(),
}, (t) => [unique('unknown_transaction_stops_once').on(t.stationId, t.transactionId, t.stoppedAt)]);
