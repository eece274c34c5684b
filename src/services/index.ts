import type { ServiceDeps } from './deps.js';
import { makeStationService, type StationPolicy } from './stations.js';
import { makeConnectorService } from './connectors.js';
import { makeIdTagService } from './id-tags.js';
import { makeSessionService } from './sessions.js';
import { makeStaffService } from './staff.js';

export interface ServicePolicy extends StationPolicy {
  adminToken: string | null;
}

export function createServices(d: ServiceDeps, policy: ServicePolicy) {
  return {
    stations: makeStationService(d, policy),
    connectors: makeConnectorService(d),
    idTags: makeIdTagService(d),
    sessions: makeSessionService(d),
    staff: makeStaffService(d, policy),
  };
}
export type Services = ReturnType<typeof createServices>;
