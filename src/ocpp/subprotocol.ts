// Subprotocol negotiation, OCPP-J 1.6 §3.1.2: "If the Central System does not agree to using one of the
// subprotocols offered by the client, it MUST complete the WebSocket handshake with a response without a
// Sec-WebSocket-Protocol header and then immediately close the WebSocket connection." So such an upgrade gets
// 101 with no protocol header, then a close frame 1002 (RFC 6455 §7.4.1, protocol error; the spec names no code)
// whose reason names the protocol we speak, and never an HTTP error.
//
// A request with no Sec-WebSocket-Protocol header at all is treated the same: it offers nothing we can agree to,
// and RFC 6455 §4.2.2 gives both cases the one answer (no header in the response); OCPP-J §3.1.2 also requires
// the client to name its OCPP version there, so there is no version to assume for it.
//
// This runs before ocpp-rpc sees the request, with plain ws: ocpp-rpc would make a client of a completed upgrade
// (its 'client' event, the connection record), and its auth callback cannot complete an upgrade without one. So
// no station lookup, no database. It takes only upgrades that auth.ts's earlier checks would let through (the
// /ocpp path, a valid chargeBoxId), parsed as ocpp-rpc parses them (lib/server.js handleUpgrade): a wrong path
// is still 404 and a bad chargeBoxId 400, whatever subprotocol they offer.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isValidChargeBoxId } from '../domain/stations.js';
import { OCPP_PATH, OCPP_SUBPROTOCOL } from './auth.js';

export const UNSUPPORTED_SUBPROTOCOL_CLOSE = { code: 1002, reason: `Subprotocol ${OCPP_SUBPROTOCOL} required` } as const;

/** The chargeBoxId of an upgrade that offers no subprotocol we speak and would pass auth.ts's path and
 * chargeBoxId checks; null for any other (ocpp-rpc and auth.ts decide those as before). */
export function unsupportedSubprotocolTarget(request: IncomingMessage): string | null {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (offered.includes(OCPP_SUBPROTOCOL)) return null;
  const target = upgradeTarget(request.url);
  return target?.endpoint === OCPP_PATH && isValidChargeBoxId(target.identity) ? target.identity : null;
}

/** The handshake's endpoint and identity as ocpp-rpc makes them (pinned by ocpp-rpc-contract.test.ts); null for a
 * URL it would fail on (ocpp-rpc then refuses it, as before). */
export function upgradeTarget(url: string | undefined): { endpoint: string; identity: string } | null {
  try {
    const { pathname } = new URL(`http://localhost${url ?? '/'}`);
    const slash = pathname.lastIndexOf('/');
    return { endpoint: pathname.slice(0, slash) || '/', identity: decodeURIComponent(pathname.slice(slash + 1)) };
  } catch {
    return null;
  }
}

/** Completes such upgrades without a Sec-WebSocket-Protocol header and closes them at once (see above). */
export function makeSubprotocolRefusal() {
  // handleProtocols answering false leaves the header out (ws lib/websocket-server.js completeUpgrade); nothing
  // is read from these sockets, so a tiny maxPayload (ws closes with 1009 past it) bounds what a client can send.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => false, maxPayload: 125 });
  return {
    refuse(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, socket, head, (ws) => {
        ws.on('error', () => ws.terminate()); // a bad frame from the client: an unhandled 'error' would throw
        ws.close(UNSUPPORTED_SUBPROTOCOL_CLOSE.code, UNSUPPORTED_SUBPROTOCOL_CLOSE.reason);
      });
    },
    /** Drops the ones still waiting for the client's close frame (ws waits up to 30 s for it). */
    close(): void {
      for (const ws of wss.clients) ws.terminate();
    },
  };
}
