// This node's chargers in the cluster (issue 15 items 2 and 3). When this node accepts a charger (its own
// station.online) it
//   - answers the station's command subject: runs the command on its own port (ocpp/commands.ts) and replies
//     with the same ending a single node gives (command-wire.ts);
//   - claims the station: every node hears the claim, and one holding an older connection of the same charger
//     closes it with 4000, as a single node closes a replaced connection (ocpp/connection-lifecycle.ts): the
//     newest connection wins across nodes.
// The subscriptions live on the node's one NATS connection, whose client subscribes them again after a
// reconnect by itself (nats.js resends every SUB on reconnect).
import type { Msg, Subscription } from 'nats';
import type { EventBus } from '../shared/events.js';
import { isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ChargerCommands } from '../services/ports.js';
import type { StationRegistry } from '../ocpp/registry.js';
import { closeLive, REPLACED_CLOSE_CODE } from '../ocpp/connection-lifecycle.js';
import type { NatsLink } from './nats-link.js';
import { subjectsOf } from './subjects.js';
import { decodeRequest, encode, replyOfError, type CommandReply, type CommandRequest } from './command-wire.js';

export interface HoldsDeps { link: NatsLink; registry: StationRegistry; events: EventBus; local: ChargerCommands; nodeId: string; log: Logger }

/** A node took a charger's connection: its node, its connection row, and when. */
interface Claim { nodeId: string; connectionId: number; at: string }

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function startHolds(d: HoldsDeps) {
  const subjects = subjectsOf(d.link.cluster.name);
  const answering = new Map<number, Subscription>();

  const answer = (stationId: number) => {
    if (answering.has(stationId)) return;
    answering.set(stationId, d.link.nc.subscribe(subjects.command(stationId), {
      callback: (err, msg) => {
        // A throw or a rejection here would reach nats.js's reader (or end the process): log it instead.
        if (!err) serve(d, stationId, msg).catch((e: unknown) => d.log.error({ err: e, stationId }, 'serving a command from another node failed'));
      },
    }));
  };
  const stopAnswering = (stationId: number) => {
    answering.get(stationId)?.unsubscribe();
    answering.delete(stationId);
  };

  const stops = [
    d.events.on('station.online', (e) => {
      answer(e.stationId);
      const claim: Claim = { nodeId: d.nodeId, connectionId: e.connectionId, at: e.at.toISOString() };
      d.link.nc.publish(subjects.claim(e.stationId), encoder.encode(JSON.stringify(claim)));
    }),
    // A replaced connection's offline comes after its successor's online: keep answering while one is held here.
    d.events.on('station.offline', (e) => { if (!d.registry.get(e.stationId)) stopAnswering(e.stationId); }),
  ];
  const claims = d.link.nc.subscribe(subjects.claimAll, {
    callback: (err, msg) => {
      if (err) return;
      // A malformed claim (another version, a stray publisher) is logged and dropped: a throw here would reach
      // nats.js's reader, which then delivers nothing more on this connection.
      try {
        const stationId = Number(msg.subject.split('.').at(-2));
        const claim = JSON.parse(decoder.decode(msg.data)) as Claim;
        if (claim.nodeId !== d.nodeId && yieldTo(d, stationId, claim)) stopAnswering(stationId);
      } catch (e) {
        d.log.warn({ err: e, subject: msg.subject }, 'a malformed claim from NATS was dropped');
      }
    },
  });
  return {
    stop: () => {
      stops.forEach((s) => s());
      claims.unsubscribe();
      for (const stationId of [...answering.keys()]) stopAnswering(stationId);
    },
  };
}

/** Another node took this charger: an older connection held here is closed (newest wins). True when it was. */
function yieldTo(d: HoldsDeps, stationId: number, claim: Claim): boolean {
  const conn = d.registry.get(stationId);
  if (!conn || conn.closing) return false;
  // Connection ids come from one sequence: the higher is the newer. One still being recorded (id 0) is
  // compared by the time it was accepted.
  const older = conn.connectionId > 0 ? conn.connectionId < claim.connectionId : conn.connectedAt.getTime() <= Date.parse(claim.at);
  if (!older) return false;
  d.log.info({ chargeBoxId: conn.station.chargeBoxId, by: claim.nodeId }, 'newer connection on another node replaces the one held here');
  void closeLive(conn, { code: REPLACED_CLOSE_CODE, reason: `Replaced by a newer connection on node ${claim.nodeId}` })
    .catch((err: unknown) => d.log.warn({ err }, 'closing a connection replaced on another node failed'));
  return true;
}

/**
 * A command for a station: a node that does not hold it (any more: it is closing or gone) stays silent, so the
 * holder's reply is the one the asking node gets, and with no holder at all NATS answers "no responders".
 */
async function serve(d: HoldsDeps, stationId: number, msg: Msg): Promise<void> {
  if (!d.local.isOnline(stationId)) return;
  let reply: CommandReply;
  try {
    const req: CommandRequest = decodeRequest(msg.data);
    if (req.kind === 'disconnect') {
      await d.local.disconnect(stationId, req.reason);
      reply = { ok: true, nodeId: d.nodeId };
    } else {
      reply = { ok: true, nodeId: d.nodeId, result: await d.local.send(stationId, req.action, req.payload) };
    }
  } catch (err) {
    if (!isAppError(err)) d.log.error({ err, stationId }, 'a command from another node failed');
    reply = replyOfError(d.nodeId, err);
  }
  msg.respond(encode(reply));
}
