// Slots (one per connector) and their bookings. The rule "no two bookings of one slot overlap" is an
// exclusion constraint in migration 0004 (drizzle has no EXCLUDE builder): the database enforces it, even
// under concurrent requests.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, serial, text, unique } from 'drizzle-orm/pg-core';
import { connectors, stations } from './stations.js';
import { chargingSessions, customers } from './sessions.js';
import { at } from './columns.js';

export const slots = pgTable('slots', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  connectorId: integer('connector_id').notNull(),
  code: text('code').notNull().unique(),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  unique('slots_one_per_connector').on(t.stationId, t.connectorId),
  foreignKey({ columns: [t.stationId, t.connectorId], foreignColumns: [connectors.stationId, connectors.connectorId] }),
  check('slots_outlet', sql`${t.connectorId} >= 1`),
  // GET /slots?q=: the start of the code (the chargeBoxId, a dash, the connector) in any case.
  index('slots_code_prefix').on(sql`lower(${t.code}) text_pattern_ops`),
]);

export const bookings = pgTable('bookings', {
  id: serial('id').primaryKey(), // also the OCPP reservationId
  slotId: integer('slot_id').notNull().references(() => slots.id),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  idTag: text('id_tag').notNull(),
  startsAt: at('starts_at').notNull(),
  endsAt: at('ends_at').notNull(),
  status: text('status').notNull().default('confirmed'),
  sessionId: integer('session_id').references(() => chargingSessions.id),
  // What the charger said to our ReserveNow: null until sent; Accepted, Occupied, Faulted, Unavailable,
  // Rejected, or why it could not be sent (offline, timeout). Staff see it.
  reservationStatus: text('reservation_status'),
  reservationNote: text('reservation_note'),
  reservationSentAt: at('reservation_sent_at'),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  check('bookings_status', sql`${t.status} IN ('confirmed', 'active', 'completed', 'cancelled', 'expired')`),
  check('bookings_window', sql`${t.endsAt} > ${t.startsAt}`),
  index('bookings_slot_window').on(t.slotId, t.startsAt),
  index('bookings_open').on(t.status, t.startsAt).where(sql`${t.status} IN ('confirmed', 'active')`),
  // The staff list (store/booking-list.ts) sorts by starts_at then id: one index per filter, led by it.
  index('bookings_starts').on(t.startsAt, t.id),
  index('bookings_customer').on(t.customerId, t.startsAt, t.id),
  index('bookings_status').on(t.status, t.startsAt, t.id),
  index('bookings_reservation').on(t.reservationStatus, t.startsAt, t.id),
  // A day's calendar: windows overlapping [from, to), whatever came before (btree_gist is there since 0004).
  index('bookings_window').using('gist', sql`tstzrange(${t.startsAt}, ${t.endsAt})`),
]);
