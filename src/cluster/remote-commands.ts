// STUB (issue 15, helper "holds"): to be built.
import type { Logger } from '../shared/logger.js';
import type { ChargerCommands } from '../services/ports.js';
import type { NatsLink } from './nats-link.js';
import type { Presence } from './presence.js';

export function makeRemoteCommands(d: { link: NatsLink; local: ChargerCommands; presence: Presence; callTimeoutMs: number; log: Logger }): ChargerCommands {
  return d.local;
}
