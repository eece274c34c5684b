// STUB (issue 15, helper "holds"): to be built.
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { ChargerCommands } from '../services/ports.js';
import type { StationRegistry } from '../ocpp/registry.js';
import type { NatsLink } from './nats-link.js';

export function startHolds(_d: { link: NatsLink; registry: StationRegistry; events: EventBus; local: ChargerCommands; nodeId: string; log: Logger }) {
  return { stop: () => undefined };
}
