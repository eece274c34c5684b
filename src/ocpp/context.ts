import type { Services } from '../services/index.js';
import type { Logger } from '../shared/logger.js';
import type { Clock } from '../shared/clock.js';
import type { Inbound, InboundAction } from './wire/index.js';
import type { LiveConnection } from './registry.js';

/**
 * What an inbound handler gets: the connection it serves, and the services it declared it needs (S), so a
 * handler that reaches for another service does not compile. The dispatcher (server.ts) passes all the services,
 * which satisfies every handler's declaration.
 */
export interface StationContext<S extends Partial<Services> = Services> {
  readonly connection: LiveConnection;
  readonly stationId: number;
  readonly services: S;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The handler of one inbound action; S names the services it uses, e.g. `Pick<Services, 'sessions'>`. */
export type Handler<A extends InboundAction, S extends Partial<Services>> =
  (ctx: StationContext<S>, req: Inbound[A]['req']) => Promise<Inbound[A]['conf']>;
