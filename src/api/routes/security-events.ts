// A charger's security events (SecurityEventNotification, OCPP 1.6 security whitepaper edition 3): anyone with a
// token reads them, as the command log.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { splitPage } from '../schemas/paged-query.js';
import { SecurityEvent, stationLogQuery } from '../schemas/station-logs.js';

const StationId = z.object({ stationId: idParam('stationId') });

export function securityEventRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/stations/:stationId/security-events', tag: 'stations', role: 'viewer', paged: true,
      summary: 'Security events this charger reported (SecurityEventNotification), newest first (occurredAt, id): type, techInfo, '
        + 'occurredAt (the charger\'s time), receivedAt (ours), critical (the whitepaper\'s list) and issueId (the '
        + 'maintenance issue a critical event opened or joined)',
      params: StationId, query: stationLogQuery, response: SecurityEvent,
      handle: ({ params, query }) => s.securityEvents.page(params.stationId, splitPage(query).page),
    }),
  ];
}
