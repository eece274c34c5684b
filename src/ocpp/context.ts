import type { Services } from '../services/index.js';
import type { Logger } from '../shared/logger.js';
import type { Clock } from '../shared/clock.js';
import type { Inbound, InboundAction } from './wire/index.js';
import type { LiveConnection } from './registry.js';

/** What an inbound handler gets: the connection it serves, and the services to call. */
export interface StationContext {
  readonly connection: LiveConnection;
  readonly stationId: number;
  readonly services: Services;
  readonly clock: Clock;
  readonly log: Logger;
}

export type Handler<A extends InboundAction> = (ctx: StationContext, req: Inbound[A]['req']) => Promise<Inbound[A]['conf']>;
