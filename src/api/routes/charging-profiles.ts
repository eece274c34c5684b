// What each charger has installed of charging profiles (issue 17 item 3): those it Accepted from load management
// (the site's fail-safe, a session's limit) and from staff through the command API, less what ClearChargingProfile
// removed and the TxProfiles of transactions that ended. Anyone with a token reads it, as the command log.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { InstalledProfile } from '../schemas/station-logs.js';

const StationId = z.object({ stationId: idParam('stationId') });

const ANSWER = '[{ connectorId, chargingProfileId, stackLevel, purpose, transactionId, profile, source, acceptedAt }] by '
  + 'connector (0: the charger as a whole), then purpose, then stack level (highest first): profile is the '
  + 'csChargingProfiles as sent; source is staff:<account>, load-balancer or failsafe.';

export function chargingProfileRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/stations/:stationId/charging-profiles', tag: 'stations', role: 'viewer',
      summary: 'Charging profiles installed on this charger (SetChargingProfile Accepted, not cleared since), by connector',
      responseDescription: ANSWER,
      params: StationId, response: z.array(InstalledProfile),
      handle: async ({ params }) => (await s.chargingProfiles.list(params.stationId)).map((p) => ({
        connectorId: p.connectorId, chargingProfileId: p.chargingProfileId, stackLevel: p.stackLevel, purpose: p.purpose,
        transactionId: p.transactionId, profile: p.profile, source: p.source, acceptedAt: p.acceptedAt,
      })),
    }),
  ];
}
