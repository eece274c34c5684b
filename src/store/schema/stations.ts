// Chargers (OCPP "charge points"), their connectors, and what they reported about themselves.
import {
  boolean, check, doublePrecision, index, integer, pgTable, primaryKey, serial, text, bigserial, jsonb,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { at } from './columns.js';
import { sites } from './sites.js';

export const stations = pgTable('stations', {
  id: serial('id').primaryKey(),
  chargeBoxId: text('charge_box_id').notNull().unique(),
  name: text('name'),
  location: text('location'),
  // Where the charger stands (WGS 84 degrees), for the driver app's stations near me: both or neither.
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  passwordHash: text('password_hash'),
  // AuthorizationKey rotation (services/authorization-keys.ts): the key before the last accepted change, valid
  // until the charger's first connection with the new one; and a new key's hash waiting for an offline charger
  // to accept it (never valid at the handshake while pending).
  previousPasswordHash: text('previous_password_hash'),
  pendingPasswordHash: text('pending_password_hash'),
  registrationStatus: text('registration_status').notNull().default('Accepted'),
  vendor: text('vendor'),
  model: text('model'),
  chargePointSerialNumber: text('charge_point_serial_number'),
  chargeBoxSerialNumber: text('charge_box_serial_number'),
  firmwareVersion: text('firmware_version'),
  iccid: text('iccid'),
  imsi: text('imsi'),
  meterType: text('meter_type'),
  meterSerialNumber: text('meter_serial_number'),
  lastBootAt: at('last_boot_at'),
  lastSeenAt: at('last_seen_at'),
  firmwareStatus: text('firmware_status'),
  firmwareStatusAt: at('firmware_status_at'),
  diagnosticsStatus: text('diagnostics_status'),
  diagnosticsStatusAt: at('diagnostics_status_at'),
  // Security extension (issue 16): the latest LogStatusNotification and SignedFirmwareStatusNotification, with
  // the requestId of the GetLog / SignedUpdateFirmware they report on (history in firmware_events).
  logStatus: text('log_status'),
  logStatusAt: at('log_status_at'),
  logRequestId: integer('log_request_id'),
  signedFirmwareStatus: text('signed_firmware_status'),
  signedFirmwareStatusAt: at('signed_firmware_status_at'),
  signedFirmwareRequestId: integer('signed_firmware_request_id'),
  active: boolean('active').notNull().default(true),
  // OCPP 1.6 security whitepaper: 1 = Basic auth over ws, 2 = Basic auth over TLS, 3 = TLS client certificate.
  securityProfile: integer('security_profile').notNull().default(1),
  // Named schema checks relaxed for this charger (ocpp/leniency.ts); each relaxed violation is recorded.
  leniency: text('leniency').array().notNull().default(sql`'{}'::text[]`),
  // How far the charger's clock was seen ahead of ours (seconds, positive = ahead), and when.
  clockSkewS: integer('clock_skew_s'),
  clockSkewAt: at('clock_skew_at'),
  // Load management (issue 17): the site whose grid connection it shares (a site with stations cannot be deleted),
  // its rating in tenths of an ampere per phase (null: only the site limits it), and its priority (higher first).
  siteId: integer('site_id').references(() => sites.id),
  maxCurrentDeciamps: integer('max_current_deciamps'),
  priority: integer('priority').notNull().default(0),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  check('stations_registration_status', sql`${t.registrationStatus} IN ('Accepted', 'Pending', 'Rejected')`),
  check('stations_security_profile', sql`${t.securityProfile} BETWEEN 1 AND 3`),
  check('stations_max_current', sql`${t.maxCurrentDeciamps} > 0`),
  check('stations_priority', sql`${t.priority} BETWEEN 0 AND 1000`),
  check('stations_position_range', sql`(${t.latitude} IS NULL) = (${t.longitude} IS NULL)
    AND (${t.latitude} IS NULL OR (${t.latitude} BETWEEN -90 AND 90 AND ${t.longitude} BETWEEN -180 AND 180))`),
  // The driver app's ?near=: a box of latitudes around the driver, read as one range, then ordered by distance.
  index('stations_position').on(t.latitude, t.longitude).where(sql`${t.latitude} IS NOT NULL`),
  index('stations_site').on(t.siteId),
  // The staff list (store/station-list.ts): ?q= is a case-insensitive prefix of chargeBoxId or name, a LIKE 'x%'
  // that only a text_pattern_ops index serves whatever the database's collation; sort=-lastSeenAt walks the
  // last-seen order, never-seen stations last (coalesce, so the keyset is one range with no NULL branch).
  index('stations_charge_box_id_prefix').on(sql`lower(${t.chargeBoxId}) text_pattern_ops`),
  index('stations_name_prefix').on(sql`lower(${t.name}) text_pattern_ops`),
  index('stations_last_seen').on(sql`coalesce(${t.lastSeenAt}, '-infinity'::timestamptz)`, t.id),
]);

// connectorId 0 is the charger as a whole (OCPP 1.6 §4.9); 1..N are its outlets.
export const connectors = pgTable('connectors', {
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  status: text('status').notNull(),
  errorCode: text('error_code').notNull(),
  info: text('info'),
  vendorId: text('vendor_id'),
  vendorErrorCode: text('vendor_error_code'),
  statusAt: at('status_at').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.stationId, t.connectorId] }),
  check('connectors_connector_id', sql`${t.connectorId} >= 0`),
  // The staff list's ?status= and ?faulted=: the stations with a connector in that status now.
  index('connectors_status').on(t.status, t.stationId),
]);

export const statusNotifications = pgTable('status_notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  status: text('status').notNull(),
  errorCode: text('error_code').notNull(),
  info: text('info'),
  vendorId: text('vendor_id'),
  vendorErrorCode: text('vendor_error_code'),
  chargerTimestamp: at('charger_timestamp'),
  receivedAt: at('received_at').notNull(),
}, (t) => [
  index('status_notifications_station').on(t.stationId, t.connectorId, t.receivedAt),
  // A station's status history, all connectors, newest first (GET /stations/{id}/status-history): one range.
  index('status_notifications_station_time').on(t.stationId, t.receivedAt, t.id),
  // A connector's history by a report's own time (the charger's timestamp, else arrival): the report in force at a
  // session's start and those during it, which its idle fee is priced on (store/billing-views.ts). One range per
  // stopped session; by status_notifications_station (arrival time), every StopTransaction group read each of its
  // connectors' whole history, twice (issue 14).
  index('status_notifications_connector_time').on(t.stationId, t.connectorId, sql`coalesce(${t.chargerTimestamp}, ${t.receivedAt})`),
]);

export const connections = pgTable('connections', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  remoteAddress: text('remote_address'),
  connectedAt: at('connected_at').notNull(),
  disconnectedAt: at('disconnected_at'),
  closeCode: integer('close_code'),
  closeReason: text('close_reason'),
  // The cluster node that holds (held) the socket; null on a single node (issue 15, cluster/).
  nodeId: text('node_id'),
}, (t) => [
  index('connections_station').on(t.stationId, t.connectedAt),
  // The open connections of one node: what a dead node held (cluster/node-beats.ts).
  index('connections_open_by_node').on(t.nodeId).where(sql`disconnected_at IS NULL`),
  // Who is online, as the database knows it (the staff list's ?online=): a station with an open connection row.
  index('connections_open_by_station').on(t.stationId).where(sql`disconnected_at IS NULL`),
]);

export const dataTransfers = pgTable('data_transfers', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  vendorId: text('vendor_id').notNull(),
  messageId: text('message_id'),
  data: text('data'),
  answerStatus: text('answer_status').notNull(),
  receivedAt: at('received_at').notNull(),
});

export const firmwareEvents = pgTable('firmware_events', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  kind: text('kind').notNull(), // 'firmware' | 'diagnostics' | 'log' | 'signed-firmware'
  status: text('status').notNull(),
  receivedAt: at('received_at').notNull(),
  details: jsonb('details'),
  // The requestId of the GetLog / SignedUpdateFirmware a 'log' / 'signed-firmware' status reports on.
  requestId: integer('request_id'),
}, (t) => [index('firmware_events_station').on(t.stationId, t.kind, t.receivedAt)]);

// A message a lenient charger sent that broke the OCPP 1.6 schema in a way its leniency allows: kept so the
// operator can show the vendor what to fix.
export const protocolViolations = pgTable('protocol_violations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  action: text('action').notNull(),
  relaxation: text('relaxation').notNull(),
  detail: jsonb('detail'),
  receivedAt: at('received_at').notNull(),
}, (t) => [index('protocol_violations_station').on(t.stationId, t.receivedAt)]);
