// Refused handshakes per remote address (issue 6, abuse): an address whose upgrades were refused `limit` times
// within the window (a wrong password, an unknown chargeBoxId, a wrong path: whatever auth.ts refuses; and a
// subprotocol we do not speak, completed then closed by server.ts, subprotocol.ts) gets 429 for every upgrade until
// its block ends, before any database work, whatever it sends.
//
// The address is the TCP peer's, or behind a proxy in TRUSTED_PROXIES the charger's from X-Forwarded-For
// (shared/trusted-proxies.ts; from any other peer the header is ignored, since any client can write it). Behind a
// site's NAT router all its chargers still share one, so the limit is meant to be generous (one misconfigured
// charger retrying every few seconds must not lock out its neighbours).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '../shared/clock.js';
import { FailureLimiter, type FailureLimits } from '../shared/failure-limiter.js';
import type { Logger } from '../shared/logger.js';
import { refuseUpgradeUntil } from './upgrade-refusal.js';

/** The client address of an upgrade request; the TCP peer's unless proxies are trusted. */
export type AddressOf = (request: IncomingMessage) => string | undefined;
const peerAddress: AddressOf = (request) => request.socket.remoteAddress;

export function makeHandshakeLimit(limits: FailureLimits, clock: Clock, log: Logger, addressOf: AddressOf = peerAddress) {
  const limiter = new FailureLimiter(limits, clock);
  return {
    /** Answers 429 (with Retry-After, RFC 6585 §4) and returns true when this upgrade's address is blocked. */
    refuseIfBlocked(request: IncomingMessage, socket: Duplex): boolean {
      const remoteAddress = addressOf(request) ?? 'unknown';
      const leftMs = limiter.blockedForMs(remoteAddress);
      if (leftMs === 0) return false;
      const retryAfterS = Math.ceil(leftMs / 1000);
      log.debug({ remoteAddress, retryAfterS }, 'handshake refused: address blocked');
      refuseUpgradeUntil(socket, 429, retryAfterS, `Too many refused handshakes from this address; retry after ${retryAfterS} s`);
      return true;
    },
    /** Called for each handshake refused: by auth.ts, or by server.ts for its subprotocol. */
    refused(remoteAddress: string | undefined): void {
      const address = remoteAddress ?? 'unknown';
      if (limiter.fail(address)) {
        log.warn({ remoteAddress: address, blockS: limits.blockMs / 1000 }, 'address blocked after repeated refused handshakes');
      }
    },
  };
}
export type HandshakeLimit = ReturnType<typeof makeHandshakeLimit>;
