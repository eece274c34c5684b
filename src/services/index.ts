import type { ServiceDeps } from './deps.js';
import { makeStationService, type StationPolicy } from './stations.js';
import { makeConnectorService } from './connectors.js';
import { makeIdTagService } from './id-tags.js';
import { makeSessionService } from './sessions.js';

export function createServices(d: ServiceDeps, policy: StationPolicy) {
  return {
    stations: makeStationService(d, policy),
    connectors: makeConnectorService(d),
    idTags: makeIdTagService(d),
    sessions: makeSessionService(d),
  };
}
export type Services = ReturnType<typeof createServices>;
