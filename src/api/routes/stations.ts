// Stations (chargers): admins register, change and deactivate them; anyone with a token reads them.
import { z } from 'zod';
import { CHARGE_BOX_ID_PATTERN, RELAXATIONS } from '../../domain/stations.js';
import { AUTHORIZATION_KEY_PATTERN, AUTHORIZATION_KEY_RULE } from '../../domain/security-configuration.js';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam } from '../validation.js';
import { amperes } from '../schemas/amperes.js';
import { positionFields, positionPair } from '../schemas/position.js';
import { splitPage } from '../schemas/paged-query.js';
import { KeyChange, StationCreated, StationDetail, StationListItem, StationListQuery, StationView } from '../schemas/stations.js';
import { StatusHistoryQuery, StatusReport, Violation, stationLogQuery } from '../schemas/station-logs.js';

const StationId = z.object({ stationId: idParam('stationId') });

const chargeBoxId = z.string({ error: 'chargeBoxId must be a string' })
  .regex(CHARGE_BOX_ID_PATTERN, 'chargeBoxId must be 1-48 printable ASCII characters without spaces or /');
const registrationStatus = z.enum(['Accepted', 'Pending', 'Rejected'], {
  error: 'registrationStatus must be Accepted, Pending or Rejected',
});
const securityProfile = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'securityProfile must be 1 (Basic auth), 2 (Basic auth over TLS) or 3 (TLS client certificate)',
});
const leniency = z.array(z.enum(RELAXATIONS, { error: `leniency entries must be one of ${RELAXATIONS.join(', ')}` }))
  .refine((l) => new Set(l).size === l.length, 'leniency must not name a relaxation twice');
const label = (name: string) => z.string().trim().min(1, `${name} must not be empty`).max(200).nullable();

const NewStation = z.strictObject({
  chargeBoxId,
  name: label('name').optional(),
  location: label('location').optional(),
  registrationStatus: registrationStatus.optional(),
  securityProfile: securityProfile.optional(),
  leniency: leniency.optional(),
  password: z.boolean({ error: 'password must be true or false' }).default(true),
});

const NewPassword = z.strictObject({
  key: z.string({ error: `key must be a string: ${AUTHORIZATION_KEY_RULE}` }).regex(AUTHORIZATION_KEY_PATTERN, `key: ${AUTHORIZATION_KEY_RULE}`).optional(),
});

const StationChange = z.strictObject({
  name: label('name').optional(),
  location: label('location').optional(),
  // Where it stands, for the driver app's map and stations near me (issue 19): both or neither.
  ...positionFields,
  registrationStatus: registrationStatus.optional(),
  active: z.boolean({ error: 'active must be true or false' }).optional(),
  securityProfile: securityProfile.optional(),
  leniency: leniency.optional(),
  // Load management (issue 17): the site it shares a grid connection with (null leaves it), its rating, its priority.
  siteId: idField('siteId').nullable().optional(),
  maxCurrentA: amperes('maxCurrentA').nullable().optional()
    .meta({ description: 'The charger\'s rating, A per phase per connector; null: only its site limits it' }),
  priority: z.number({ error: 'priority must be an integer' }).int('priority must be an integer')
    .min(0, 'priority must be at least 0').max(1000, 'priority must be at most 1000').optional()
    .meta({ description: 'Higher first under a site\'s priority strategy; 0 by default' }),
}).superRefine(positionPair).refine((c) => Object.keys(c).length > 0,
  'give at least one of name, location, latitude and longitude, registrationStatus, active, securityProfile, leniency, siteId, maxCurrentA, priority');

export function stationRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/stations', tag: 'stations', role: 'admin', status: 201,
      summary: 'Register a charger; with password (the default) its new password is in this answer only',
      responseDescription: 'The station, with password (null when none was asked for)',
      body: NewStation, response: StationCreated,
      handle: async ({ body }) => {
        const { station, password } = await s.stations.create(body);
        return { ...station, password };
      },
    }),
    route({
      method: 'get', path: '/stations', tag: 'stations', role: 'viewer', paged: true,
      summary: 'Chargers, a page at a time, by chargeBoxId (A to Z) or sort=-lastSeenAt (most recently seen first): each with '
        + 'online now, last seen, registration status, active, name, boot info and its connectors\' statuses. Filters narrow: '
        + 'q (start of the chargeBoxId or name, any case), status (a connector in it now), online, siteId, faulted, maintenance, '
        + 'active, registrationStatus',
      query: StationListQuery, response: StationListItem,
      handle: ({ query }) => {
        const { sort, after, limit, ...filter } = query;
        return s.stations.list({ filter, sort, after, limit });
      },
    }),
    route({
      method: 'get', path: '/stations/:stationId', tag: 'stations', role: 'viewer',
      summary: 'One charger: boot info, online, last seen, connection history (newest first), connectors with their latest status, '
        + 'the latest firmware and diagnostics statuses, and the security extension\'s latest log upload (logStatus, logStatusAt, '
        + 'logRequestId) and signed firmware update (signedFirmwareStatus, signedFirmwareStatusAt, signedFirmwareRequestId)',
      params: StationId, response: StationDetail,
      handle: ({ params }) => s.stations.detail(params.stationId),
    }),
    route({
      method: 'patch', path: '/stations/:stationId', tag: 'stations', role: 'admin',
      summary: 'Change name, location, position (latitude and longitude together, WGS 84 degrees; both null clears it), registrationStatus, active, securityProfile or leniency; a connected charger follows a new registrationStatus and leniency at once, a new securityProfile at its next handshake. '
        + 'Load management: siteId joins a site (null leaves it; an unknown one is a 404 naming siteId), maxCurrentA is the charger\'s rating (A per phase), priority higher first',
      params: StationId, body: StationChange, response: StationView,
      handle: ({ params, body }) => s.stations.update(params.stationId, body),
    }),
    route({
      method: 'delete', path: '/stations/:stationId', tag: 'stations', role: 'admin',
      summary: 'Deactivate a charger: it is disconnected and its next handshake is refused (403)',
      params: StationId, response: StationView,
      handle: ({ params }) => s.stations.deactivate(params.stationId),
    }),
    route({
      method: 'post', path: '/stations/:stationId/password', tag: 'stations', role: 'admin', status: 201,
      summary: 'Rotate a charger\'s AuthorizationKey (OCPP 1.6 security whitepaper): key (32-40 hex characters) or a new one; '
        + 'sent by ChangeConfiguration and in force once the charger accepts (the previous key works until its first connection '
        + 'with the new one); pending until an offline charger connects; set at once for a station without one',
      responseDescription: '{ stationId, chargeBoxId, password (the key, in this answer only), status Accepted | Pending | Set, message, commandId }; '
        + '409 when the charger refuses it and 504 when it does not answer (nothing changed then)',
      params: StationId, body: NewPassword, response: KeyChange,
      handle: ({ params, body, principal }) => s.authorizationKeys.rotate(principal, params.stationId, body.key ?? null),
    }),
    route({
      method: 'get', path: '/stations/:stationId/violations', tag: 'stations', role: 'viewer', paged: true,
      summary: 'What this charger sent that broke the OCPP 1.6 schemas and its leniency let through, newest first (receivedAt, id): '
        + 'action, relaxation, and detail { message (req: its CALL, conf: its answer), path, original, repaired }',
      params: StationId, query: stationLogQuery, response: Violation,
      handle: ({ params, query }) => s.protocolViolations.list(params.stationId, splitPage(query).page),
    }),
    route({
      method: 'get', path: '/stations/:stationId/status-history', tag: 'stations', role: 'viewer', paged: true,
      summary: 'The StatusNotifications this charger sent, newest first (receivedAt, id): of one connector (connectorId; 0 is the '
        + 'charger as a whole) and received in [from, to) when asked. A connector\'s status timeline',
      params: StationId, query: StatusHistoryQuery, response: StatusReport,
      handle: ({ params, query }) => {
        const { filter, page } = splitPage(query);
        return s.connectors.historyPage(params.stationId, filter, page);
      },
    }),
  ];
}
