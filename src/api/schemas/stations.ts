// Stations as the API sends them (response schemas: api/openapi.ts, checked against real answers), and the staff
// list's query: its filters, its order and its cursor (domain/station-filters.ts).
import { z } from 'zod';
import { decodeCursor } from '../../domain/paging.js';
import {
  CONNECTOR_STATUSES, REGISTRATION_STATUSES, STATION_SORTS, stationAfter, stationCursorShape, type StationAfter,
} from '../../domain/station-filters.js';
import { RELAXATIONS } from '../../domain/stations.js';
import { idQuery, paging } from '../validation.js';
import { searchText } from './search-text.js';

const instant = z.iso.datetime();
const int = z.number().int();

const boolQuery = (name: string) => z.enum(['true', 'false'], { error: `${name} must be true or false` })
  .transform((v) => v === 'true');

const CURSOR_MESSAGE = 'cursor must be a nextCursor this list returned, with the same sort';

/** GET /stations: every filter narrows; cursor is the previous page's nextCursor (same sort). */
export const StationListQuery = z.strictObject({
  q: searchText('The start of the chargeBoxId or of the name, without case').optional(),
  status: z.enum(CONNECTOR_STATUSES, { error: `status must be one of ${CONNECTOR_STATUSES.join(', ')}` }).optional()
    .meta({ description: 'Some connector (0: the charger as a whole) is in this OCPP ChargePointStatus now' }),
  online: boolQuery('online').optional().meta({ description: 'Connected now (true) or not (false)' }),
  siteId: idQuery('siteId').optional(),
  faulted: boolQuery('faulted').optional().meta({ description: 'Some connector is Faulted now (true), or none (false)' }),
  maintenance: boolQuery('maintenance').optional()
    .meta({ description: 'An open maintenance issue that takes it out of service (opened by staff or by a fault)' }),
  active: boolQuery('active').optional(),
  registrationStatus: z.enum(REGISTRATION_STATUSES, { error: 'registrationStatus must be Accepted, Pending or Rejected' }).optional(),
  sort: z.enum(STATION_SORTS, { error: 'sort must be chargeBoxId or -lastSeenAt' }).default('chargeBoxId')
    .meta({ description: 'chargeBoxId: A to Z (the default); -lastSeenAt: the most recently seen first, never seen last' }),
  limit: paging.limit,
  cursor: z.string().max(2000, CURSOR_MESSAGE).optional()
    .meta({ description: 'The nextCursor of the previous page (also in the X-Next-Cursor and Link headers)' }),
}).transform((query, ctx) => {
  const { cursor, ...rest } = query;
  let after: StationAfter | null = null;
  if (cursor !== undefined) {
    const key = decodeCursor(cursor, stationCursorShape[query.sort]);
    after = key && stationAfter(query.sort, key);
    if (!after) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: CURSOR_MESSAGE });
      return z.NEVER;
    }
  }
  return { ...rest, after };
});

const BootInfo = z.strictObject({
  vendor: z.string(), model: z.string(), chargePointSerialNumber: z.string().nullable(),
  chargeBoxSerialNumber: z.string().nullable(), firmwareVersion: z.string().nullable(), iccid: z.string().nullable(),
  imsi: z.string().nullable(), meterType: z.string().nullable(), meterSerialNumber: z.string().nullable(),
});

/** services/stations.ts StationView: a station as staff see it, never a password hash. */
const stationViewFields = {
  id: int,
  chargeBoxId: z.string(),
  name: z.string().nullable(),
  location: z.string().nullable(),
  latitude: z.number().nullable().meta({ description: 'WGS 84 degrees; null (with longitude) when no position is set' }),
  longitude: z.number().nullable(),
  registrationStatus: z.enum(REGISTRATION_STATUSES),
  active: z.boolean(),
  securityProfile: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  leniency: z.array(z.enum(RELAXATIONS)),
  clockSkewS: int.nullable().meta({ description: 'How far ahead of ours its clock was last seen (s); null: in sync' }),
  clockSkewAt: instant.nullable(),
  boot: BootInfo.nullable().meta({ description: 'Its last BootNotification; null before the first' }),
  lastBootAt: instant.nullable(),
  lastSeenAt: instant.nullable(),
  registeredAt: instant,
  siteId: int.nullable(),
  maxCurrentA: z.number().nullable(),
  priority: int,
  online: z.boolean(),
  hasPassword: z.boolean(),
  passwordPending: z.boolean(),
  previousPasswordValid: z.boolean(),
};

export const StationView = z.strictObject(stationViewFields);

export const StationCreated = z.strictObject({ ...stationViewFields, password: z.string().nullable() });

const ConnectorStatus = z.enum(CONNECTOR_STATUSES);

/** A row of GET /stations: the station, online (an open connection now), and each connector's status. */
export const StationListItem = z.strictObject({
  ...stationViewFields,
  connectors: z.array(z.strictObject({ connectorId: int, status: ConnectorStatus }))
    .meta({ description: 'Every connector it reported, by connectorId (0: the charger as a whole)' }),
});

const Connector = z.strictObject({
  stationId: int, connectorId: int, status: ConnectorStatus, errorCode: z.string(), info: z.string().nullable(),
  vendorId: z.string().nullable(), vendorErrorCode: z.string().nullable(), statusAt: instant,
});

const Connection = z.strictObject({
  id: int, stationId: int, remoteAddress: z.string().nullable(), connectedAt: instant, disconnectedAt: instant.nullable(),
  closeCode: int.nullable(), closeReason: z.string().nullable(), nodeId: z.string().nullable(),
});

export const StationDetail = z.strictObject({
  ...stationViewFields,
  firmwareStatus: z.string().nullable(),
  diagnosticsStatus: z.string().nullable(),
  logStatus: z.string().nullable(),
  logStatusAt: instant.nullable(),
  logRequestId: int.nullable(),
  signedFirmwareStatus: z.string().nullable(),
  signedFirmwareStatusAt: instant.nullable(),
  signedFirmwareRequestId: int.nullable(),
  connectors: z.array(Connector),
  connections: z.array(Connection),
});

/** services/authorization-keys.ts KeyChange. */
export const KeyChange = z.strictObject({
  stationId: int, chargeBoxId: z.string(), password: z.string(), status: z.enum(['Accepted', 'Pending', 'Set']),
  message: z.string(), commandId: int.nullable(),
});
