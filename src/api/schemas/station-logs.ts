// What happened at one charger, newest first, a page at a time: its status reports, commands, protocol
// violations, security events and certificate signings. Each pages on (its time, id) (domain/session-filters.ts
// TIME_ID_CURSOR), keeps ?offset= for the clients that had it, and is described here as the API sends it.
import { z } from 'zod';
import { TIME_ID_CURSOR } from '../../domain/session-filters.js';
import { CONNECTOR_STATUSES } from '../../domain/station-filters.js';
import { COMMAND_ACTIONS } from '../../domain/commands.js';
import { PROFILE_PURPOSES } from '../../domain/charging-profiles.js';
import { RELAXATIONS } from '../../domain/stations.js';
import { isoDateTime } from '../validation.js';
import { pagedQuery } from './paged-query.js';

const instant = z.iso.datetime();
const int = z.number().int();
const payload = z.record(z.string(), z.unknown());

/** ?limit=&cursor= (or the old ?offset=) of a station's log. */
export const stationLogQuery = pagedQuery(TIME_ID_CURSOR, {});

/** GET /stations/{id}/status-history: one connector (0: the charger as a whole) and a time range, when asked. */
export const StatusHistoryQuery = pagedQuery(TIME_ID_CURSOR, {
  connectorId: z.string().regex(/^[0-9]{1,4}$/, 'connectorId must be a connector number (0: the charger as a whole)')
    .transform(Number).optional(),
  from: isoDateTime('from').optional().meta({ description: 'Reports received at or after this instant' }),
  to: isoDateTime('to').optional().meta({ description: 'Reports received before this instant' }),
}).refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'to must be after from' });

/** One StatusNotification as it came in. */
export const StatusReport = z.strictObject({
  id: int, stationId: int, connectorId: int, status: z.enum(CONNECTOR_STATUSES), errorCode: z.string(),
  info: z.string().nullable(), vendorId: z.string().nullable(), vendorErrorCode: z.string().nullable(),
  chargerTimestamp: instant.nullable().meta({ description: 'The charger\'s own timestamp, when it sent one' }),
  receivedAt: instant,
});

export const Violation = z.strictObject({
  id: int, stationId: int, action: z.string(), relaxation: z.enum(RELAXATIONS),
  detail: z.strictObject({
    message: z.enum(['req', 'conf']).meta({ description: 'req: in its CALL; conf: in its answer to ours' }),
    path: z.string().meta({ description: 'JSON Pointer into the payload' }),
    original: z.unknown().optional().meta({ description: 'What the charger sent there' }),
    repaired: z.unknown().optional().meta({ description: 'What it was read as; absent when dropped (an extra property)' }),
  }),
  receivedAt: instant,
});

/** The answer to a command staff sent: how it ended (services/command-recorder.ts CommandReport). */
export const CommandAnswer = z.strictObject({
  commandId: int,
  action: z.enum(COMMAND_ACTIONS),
  outcome: z.enum(['answered', 'call-error', 'went-down']),
  response: payload.optional().meta({ description: 'answered: the charger\'s CALLRESULT' }),
  callError: z.strictObject({ errorCode: z.string(), errorDescription: z.string() }).optional(),
  reason: z.string().optional().meta({ description: 'went-down: what happened' }),
  transactionId: int.nullable().optional()
    .meta({ description: 'RemoteStartTransaction with waitForTransaction: the transaction it started, null if none came in time' }),
});

/** A row of the command log (domain/commands.ts CommandRecord). */
export const CommandRecord = z.strictObject({
  id: int, stationId: int, action: z.string(), payload, requestedBy: z.string(), requestedAt: instant,
  outcome: z.enum(['answered', 'call-error', 'offline', 'timeout', 'went-down']).nullable()
    .meta({ description: 'null while under way' }),
  response: payload.nullable(), error: z.string().nullable(), finishedAt: instant.nullable(), nodeId: z.string().nullable(),
});

export const SecurityEvent = z.strictObject({
  id: int, stationId: int, type: z.string(), techInfo: z.string().nullable(), occurredAt: instant, receivedAt: instant,
  critical: z.boolean(), issueId: int.nullable(),
});

export const CertificateSigning = z.strictObject({
  id: int, status: z.enum(['Accepted', 'Rejected']), reason: z.string().nullable(), serialNumber: z.string().nullable(),
  notAfter: instant.nullable(), requestedAt: instant, signedAt: instant.nullable(), delivery: z.string().nullable(),
});

export const InstalledProfile = z.strictObject({
  connectorId: int, chargingProfileId: int, stackLevel: int, purpose: z.enum(PROFILE_PURPOSES), transactionId: int.nullable(),
  profile: payload, source: z.string(), acceptedAt: instant,
});
