// The OCPP 1.6 security extension (security whitepaper edition 3; issue 16): what chargers report about their
// security, and the certificates we sign for them.
import { bigserial, boolean, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { at } from './columns.js';
import { stations } from './stations.js';
import { maintenanceIssues } from './staff.js';

// SecurityEventNotification: one row per event, as the charger reported it. `critical` is the whitepaper's
// classification of the type (domain/security-events.ts); a critical one may have opened a maintenance issue.
export const securityEvents = pgTable('security_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  type: text('type').notNull(),
  techInfo: text('tech_info'),
  // The charger's timestamp of the event; receivedAt is ours.
  occurredAt: at('occurred_at').notNull(),
  receivedAt: at('received_at').notNull(),
  critical: boolean('critical').notNull(),
  issueId: integer('issue_id').references(() => maintenanceIssues.id),
}, (t) => [index('security_events_station').on(t.stationId, t.occurredAt, t.id)]);

// SignCertificate: each CSR a charger sent, our verdict, and the certificate we signed and sent with
// CertificateSigned. Only public material is kept (a CSR and a certificate hold no secret).
export const certificateSignings = pgTable('certificate_signings', {
  id: serial('id').primaryKey(),
  stationId: integer('station_id').notNull().references(() => stations.id),
  csr: text('csr').notNull(),
  status: text('status').notNull(), // 'Accepted' | 'Rejected': what SignCertificate.conf said
  reason: text('reason'), // why it was rejected
  certificate: text('certificate'), // PEM chain we signed (leaf first)
  serialNumber: text('serial_number'),
  notAfter: at('not_after'),
  requestedAt: at('requested_at').notNull(),
  signedAt: at('signed_at'),
  // CertificateSigned's outcome: the charger's status (Accepted/Rejected) or why it was not delivered.
  delivery: text('delivery'),
}, (t) => [
  index('certificate_signings_station').on(t.stationId, t.requestedAt),
  check('certificate_signings_status', sql`${t.status} IN ('Accepted', 'Rejected')`),
]);
