// Refuse at the handshake, never after (OCPP.md, "Connection"): a wrong path, an unknown or
// deactivated charger, and a transport or credential short of the station's security profile
// (security-profile.ts: password, TLS, client certificate) never get a socket. A subprotocol we do not speak is
// answered before this runs, as OCPP-J 1.6 §3.1.2 says: 101 without one, then closed (subprotocol.ts).
import type { ChargerService } from '../services/chargers.js';
import type { Logger } from '../shared/logger.js';
import { isValidChargeBoxId } from '../domain/stations.js';
import type { AuthCallback, Handshake } from './rpc-adapter.js';
import type { StationSession } from './registry.js';
import { checkSecurityProfile, type TransportFacts } from './security-profile.js';
import { checkPassword } from './password-check.js';
import { transportFacts } from './transport.js';
import { requestClientAddress, requestForwardedTls, type TrustedProxies } from '../shared/trusted-proxies.js';

export const OCPP_PATH = '/ocpp';
export const OCPP_SUBPROTOCOL = 'ocpp1.6';

export function makeHandshakeAuth(d: {
  chargers: Pick<ChargerService, 'findForHandshake' | 'dropPreviousPassword'>;
  log: Logger;
  /** Told of every refusal, for the limit per remote address (handshake-limit.ts). */
  onRefused?: (remoteAddress: string | undefined) => void;
  /** TRUSTED_PROXIES: whose X-Forwarded-For and X-Forwarded-Proto count (shared/trusted-proxies.ts); none: no one's. */
  trustedProxies?: TrustedProxies;
}): AuthCallback<StationSession> {
  return async (accept, reject, handshake) => {
    const { identity } = handshake;
    const remoteAddress = d.trustedProxies ? requestClientAddress(d.trustedProxies, handshake.request) : handshake.remoteAddress;
    // ocpp-rpc keeps this very object as the connection's handshake (client.handshake), so the connection
    // record (connection-lifecycle.ts) stores the charger's address, not the proxy's.
    handshake.remoteAddress = remoteAddress;
    const refuse = (code: number, message: string) => {
      d.log.warn({ chargeBoxId: identity, remoteAddress, code, reason: message }, 'handshake refused');
      d.onRefused?.(remoteAddress);
      reject(code, message);
    };
    if (handshake.endpoint !== OCPP_PATH) return refuse(404, 'Not found');
    if (!isValidChargeBoxId(identity)) return refuse(400, 'Invalid chargeBoxId');
    // server.ts answers these first (subprotocol.ts); this stays so no upgrade past it is accepted without ocpp1.6.
    if (!handshake.protocols.has(OCPP_SUBPROTOCOL)) return refuse(400, `Subprotocol ${OCPP_SUBPROTOCOL} required`);
    // ocpp-rpc leaves the password unset when the Basic user is not the URL's chargeBoxId.
    const basicUserMismatch = /^\s*basic\s/i.test(handshake.headers.authorization ?? '') && handshake.password === undefined;
    if (basicUserMismatch) return refuse(401, 'Basic auth user must be the chargeBoxId');
    const found = await d.chargers.findForHandshake(identity);
    // 503 for a full pending list: staff clear it by accepting or rejecting, and the charger may try again later.
    if (found.station === null) {
      return found.refusal === 'pending-full'
        ? refuse(503, 'Too many chargers await acceptance (OCPP_MAX_PENDING_STATIONS)')
        : refuse(404, 'Unknown charge point');
    }
    const station = found.station;
    if (!station.active) return refuse(403, 'Charge point deactivated');
    const password = await checkPassword(handshake.password, station);
    const verdict = checkSecurityProfile(station, transport(handshake.request, d.trustedProxies), password);
    if (!verdict.accept) return refuse(verdict.status, verdict.reason);
    // The charger's first connection with its new AuthorizationKey: the one it replaced stops working now.
    if (password === 'matches' && station.previousPasswordHash) await d.chargers.dropPreviousPassword(station.id);
    accept({ station }, OCPP_SUBPROTOCOL);
  };
}

/** What the transport proved. Behind a TLS-terminating proxy it is the proxy's word (X-Forwarded-Proto), from a
 * trusted proxy only: a charger must not claim TLS by a header. A client certificate cannot be forwarded, so
 * profile 3 still needs TLS to this process. */
function transport(request: Handshake['request'], proxies: TrustedProxies | undefined): TransportFacts {
  const facts = transportFacts(request);
  if (facts.tls || !proxies || !requestForwardedTls(proxies, request)) return facts;
  return { tls: true, clientCert: null };
}
