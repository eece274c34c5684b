// Every route of the staff API. A group is a function of the services it needs, returning its specs.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { EventStream } from '../../realtime/event-stream.js';
import { buildOpenApi } from '../openapi.js';
import { route, type RouteSpec } from '../route.js';
import { accountRoutes } from './accounts.js';
import { eventRoutes } from './events.js';
import { sessionRoutes } from './sessions.js';
import { dashboardRoutes } from './dashboard.js';
import { sessionClosingRoutes } from './session-closing.js';
import { statsRoutes } from './stats.js';
import { bookingRoutes } from './bookings.js';
import { slotRoutes } from './slots.js';
import { customerRoutes } from './customers.js';
import { idTagRoutes } from './id-tags.js';
import { issueRoutes } from './issues.js';
import { stationRoutes } from './stations.js';
import { siteRoutes } from './sites.js';
import { commandRoutes } from './commands.js';
import { certificateRoutes } from './certificates.js';
import { chargingProfileRoutes } from './charging-profiles.js';
import { securityEventRoutes } from './security-events.js';
import { tariffRoutes } from './tariffs.js';
import { invoiceRoutes } from './invoices.js';
import { exportRoutes } from './exports.js';
import { signInLinkRoutes } from './sign-in-links.js';
import { driverAccountRoutes } from './driver-accounts.js';
import { driverInvoiceRoutes } from './driver-invoices.js';
import { driverChargingRoutes } from './driver-charging.js';
import { driverBookingRoutes } from './driver-bookings.js';
import { driverInvitationRoutes } from './driver-invitations.js';
import { driverStationRoutes } from './driver-stations.js';
import { connectorQrRoutes } from './connector-qr.js';
import { driverEventRoutes } from './driver-events.js';

// This document's own answer: an OpenAPI 3.1 document (its full schema is the OpenAPI specification's).
const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ operationId: z.string(), responses: z.record(z.string(), z.unknown()) }))),
  components: z.looseObject({}),
}).meta({ description: 'OpenAPI 3.1 (https://spec.openapis.org/oas/v3.1.0)' });

export interface ApiDeps {
  services: Services;
  events: EventStream;
  /** PUBLIC_URL: the origin of the links handed out (connector QR codes); null or absent: the request's own. */
  publicUrl?: string | null;
}

export function allRoutes(d: ApiDeps): RouteSpec[] {
  const routes = [
    ...signInLinkRoutes(d.services),
    ...driverAccountRoutes(d.services.drivers),
    ...driverInvoiceRoutes(d.services),
    ...driverChargingRoutes(d.services),
    ...driverBookingRoutes(d.services),
    ...driverInvitationRoutes(d.services.driverInvitations),
    ...driverStationRoutes(d.services),
    ...driverEventRoutes(d.services, d.events),
    ...accountRoutes(d.services),
    ...eventRoutes(d.events),
    ...sessionRoutes(d.services),
    ...customerRoutes(d.services),
    ...idTagRoutes(d.services),
    ...issueRoutes(d.services),
    ...stationRoutes(d.services),
    ...siteRoutes(d.services),
    ...commandRoutes(d.services),
    ...certificateRoutes(d.services),
    ...chargingProfileRoutes(d.services),
    ...securityEventRoutes(d.services),
    ...dashboardRoutes(d.services.dashboard),
    ...sessionClosingRoutes(d.services),
    ...statsRoutes(d.services),
    ...bookingRoutes(d.services),
    ...slotRoutes(d.services),
    ...connectorQrRoutes(d.services, { publicUrl: d.publicUrl ?? null }),
    ...tariffRoutes(d.services),
    ...invoiceRoutes(d.services),
    ...exportRoutes(d.services),
  ];
  const document = route({
    method: 'get', path: '/openapi.json', tag: 'meta', role: 'viewer', summary: 'This document', response: OpenApiDocument,
    handle: async () => openapi,
  });
  const openapi = buildOpenApi([...routes, document], { version: '0.1.0' });
  return [...routes, document];
}
