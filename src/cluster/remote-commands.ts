// The ChargerCommands port across nodes (issue 15 item 3): a charger held here is called here; any other through
// a NATS request on its command subject, which the holder answers (holds.ts). The endings are a single node's:
//   no node holds it   → NATS "no responders" at once → StationOffline (503), not after a timeout
//   holder silent      → the request's timeout (the call timeout and a margin) → StationTimeout (504)
//   NATS unreachable   → StationOffline naming the cause, at once (issue 15 item 7)
//   the holder's reply → its CommandResult, or the AppError its port threw, as they are
import { ErrorCode as NatsErrorCode, type NatsError } from 'nats';
import type { CommandAction } from '../domain/commands.js';
import type { Logger } from '../shared/logger.js';
import { AppError } from '../shared/errors.js';
import type { ChargerCommands, CommandPayload, CommandResult } from '../services/ports.js';
import type { NatsLink } from './nats-link.js';
import type { Presence } from './presence.js';
import { subjectsOf } from './subjects.js';
import { decodeReply, encode, errorOfReply, type CommandReply, type CommandRequest } from './command-wire.js';

// Beyond the holder's own wait for the charger: the hops through NATS, and a busy holder's event loop.
const REQUEST_MARGIN_MS = 2_000;

export interface RemoteCommandsDeps { link: NatsLink; local: ChargerCommands; presence: Presence; callTimeoutMs: number; nodeId: string; log: Logger }

export function makeRemoteCommands(d: RemoteCommandsDeps): ChargerCommands {
  const subjects = subjectsOf(d.link.cluster.name);
  const timeoutMs = d.callTimeoutMs + REQUEST_MARGIN_MS;

  async function request(stationId: number, what: string, req: CommandRequest): Promise<CommandReply> {
    if (!d.link.connected) {
      throw new AppError('StationOffline', `NATS is unreachable, so station ${stationId} cannot be reached through another node; ${what} was not sent`,
        { stationId, cause: 'nats-unreachable' });
    }
    try {
      const msg = await d.link.nc.request(subjects.command(stationId), encode(req), { timeout: timeoutMs });
      return decodeReply(msg.data);
    } catch (err) {
      const code = (err as Partial<NatsError>).code;
      if (code === NatsErrorCode.NoResponders) {
        throw new AppError('StationOffline', `no node holds station ${stationId}; ${what} was not sent`, { stationId, cause: 'no-holder' });
      }
      if (code === NatsErrorCode.Timeout) {
        throw new AppError('StationTimeout', `the node holding station ${stationId} did not answer ${what} within ${timeoutMs} ms`,
          { stationId, cause: 'holder-silent', timeoutMs });
      }
      throw err;
    }
  }

  return {
    isOnline: (stationId) => d.local.isOnline(stationId) || d.presence.isOnline(stationId),

    async send(stationId: number, action: CommandAction, payload: CommandPayload): Promise<CommandResult> {
      if (d.local.isOnline(stationId)) {
        try {
          return { ...(await d.local.send(stationId, action, payload)), carriedBy: d.nodeId };
        } catch (err) {
          throw carried(err, d.nodeId);
        }
      }
      const reply = await request(stationId, action, { kind: 'send', action, payload });
      if (!reply.ok) throw carried(errorOfReply(reply), reply.nodeId);
      if (!reply.result) throw new Error(`node ${reply.nodeId} answered ${action} without a result`);
      return { ...reply.result, carriedBy: reply.nodeId };
    },

    async disconnect(stationId: number, reason: string): Promise<void> {
      if (d.local.isOnline(stationId)) return d.local.disconnect(stationId, reason);
      try {
        const reply = await request(stationId, 'the disconnect', { kind: 'disconnect', reason });
        if (!reply.ok) throw errorOfReply(reply);
      } catch (err) {
        // As on one node: a charger nobody holds has nothing to disconnect.
        if (err instanceof AppError && (err.details as { cause?: string } | undefined)?.cause === 'no-holder') return;
        throw err;
      }
    },
  };
}

/** A timeout happened on the node that sent the CALL: the command log names it (services/commands.ts). */
function carried(err: unknown, nodeId: string): unknown {
  if (!(err instanceof AppError) || err.code !== 'StationTimeout') return err;
  return new AppError(err.code, err.message, { ...(err.details as object | undefined), carriedBy: nodeId });
}
