// The protocol edge: ocpp-rpc in strict mode (every frame validated against the OCPP 1.6 schemas before a
// handler runs), handshake auth, and one wrapper around every handler.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Services } from '../services/index.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import {
  answerBadFramesAsOcpp16, createRpcError, createRpcServer, forgetHandshakePassword, isRpcError, onBadFrame, type IncomingCall,
  type RpcConnection,
} from './rpc-adapter.js';
import { makeHandshakeAuth, OCPP_PATH, OCPP_SUBPROTOCOL } from './auth.js';
import type { LiveConnection, StationRegistry, StationSession } from './registry.js';
import { closedEvent, closeLive, ConnectionLifecycle } from './connection-lifecycle.js';
import { limitConnection, type CloseFrame, type ConnectionLimits } from './connection-limits.js';
import { makeHandshakeLimit, type AddressOf } from './handshake-limit.js';
import { ConnectionCapacity } from './connection-capacity.js';
import { makeSubprotocolRefusal, UNSUPPORTED_SUBPROTOCOL_CLOSE, unsupportedSubprotocolTarget } from './subprotocol.js';
import type { FailureLimits } from '../shared/failure-limiter.js';
import { requestClientAddress, type TrustedProxies } from '../shared/trusted-proxies.js';
import { handlers } from './handlers/index.js';
import { createLeniency } from './leniency.js';
import { instrumentConnection, noOcppMetrics, type OcppMetrics } from './instrumentation.js';
import type { Handler, StationContext } from './context.js';
import type { InboundAction } from './wire/index.js';
import type { Station } from '../domain/model.js';

export interface OcppServerOptions {
  services: Services;
  /** Made by app.ts before the services, since the outbound commands (ocpp/commands.ts) work on it too. */
  registry: StationRegistry;
  events: EventBus;
  clock: Clock;
  log: Logger;
  /** A charger silent this long is disconnected and marked offline. */
  offlineAfterS: number;
  callTimeoutMs: number;
  /** Per connection: message size, calls waiting, bad frames (connection-limits.ts). */
  limits: ConnectionLimits & { maxMessageBytes: number };
  /** Refused handshakes per remote address (handshake-limit.ts). */
  handshakeFailures: FailureLimits;
  /** Connections, answered CALLs and handler time (observability/metrics.ts); none: nothing counted. */
  metrics?: OcppMetrics;
  /** TRUSTED_PROXIES: the charger's address and TLS from their X-Forwarded-* headers; none: the TCP peer's only. */
  trustedProxies?: TrustedProxies;
}

const NO_HEAD = Buffer.alloc(0);

export function createOcppServer(o: OcppServerOptions) {
  const registry = o.registry;
  const metrics = o.metrics ?? noOcppMetrics;
  const served: ReadonlySet<InboundAction> = new Set(Object.keys(handlers) as InboundAction[]);
  const lifecycle = new ConnectionLifecycle({ services: o.services, registry, clock: o.clock, log: o.log });
  // Every charger's schema validation, lenient where its station is (leniency.ts): one validator for all.
  const leniency = createLeniency({ registry, services: o.services, log: o.log });
  const rpcServer = createRpcServer<StationSession>({
    protocols: [OCPP_SUBPROTOCOL],
    strictMode: true,
    // Unanswered for two intervals → terminated (connection-lifecycle.ts), so offline within offlineAfterS.
    pingIntervalMs: (o.offlineAfterS * 1000) / 2,
    callTimeoutMs: o.callTimeoutMs,
    callConcurrency: 1, // OCPP allows one outstanding CALL per direction (OCPP.md)
    maxMessageBytes: o.limits.maxMessageBytes,
    strictModeValidators: [leniency.validator],
  });
  const proxies = o.trustedProxies;
  const addressOf: AddressOf = proxies ? (request) => requestClientAddress(proxies, request) : (request) => request.socket.remoteAddress;
  const handshakeLimit = makeHandshakeLimit(o.handshakeFailures, o.clock, o.log, addressOf);
  // Set by app.ts once listening, from the descriptors then held (connection-capacity.ts).
  const capacity = new ConnectionCapacity(o.log);
  const subprotocolRefusal = makeSubprotocolRefusal();
  // OCPP-J 1.6 §3.1.2: no subprotocol we speak → 101 without one, then closed (subprotocol.ts), before any station
  // lookup; counted as a refused handshake, as auth.ts's refusals are.
  const refusedForSubprotocol = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const chargeBoxId = unsupportedSubprotocolTarget(request);
    if (chargeBoxId === null) return false;
    const remoteAddress = addressOf(request);
    const offered = request.headers['sec-websocket-protocol']?.slice(0, 100) ?? null;
    o.log.warn({ chargeBoxId, remoteAddress, offered, closeCode: UNSUPPORTED_SUBPROTOCOL_CLOSE.code,
      reason: UNSUPPORTED_SUBPROTOCOL_CLOSE.reason }, 'handshake refused');
    handshakeLimit.refused(remoteAddress);
    subprotocolRefusal.refuse(request, socket, head);
    return true;
  };
  // ocpp-rpc awaits this callback (lib/server.js) though its .d.ts types it as returning void.
  rpcServer.auth(makeHandshakeAuth({ chargers: o.services.chargers, log: o.log, onRefused: handshakeLimit.refused, trustedProxies: proxies }));
  rpcServer.on('error', (err: unknown) => o.log.error({ err }, 'ocpp server error'));
  // Staff changes reach a connected charger at once: the dispatcher gates on its cached registrationStatus.
  const stopFollowing = o.events.onClusterWide('station.updated', (s) => registry.updateStation(s.stationId, {
    name: s.name, location: s.location, registrationStatus: s.registrationStatus, active: s.active,
    securityProfile: s.securityProfile, leniency: s.leniency as Station['leniency'],
  }));

  rpcServer.on('client', (rpc: RpcConnection<StationSession>) => {
    forgetHandshakePassword(rpc); // checked by the handshake auth, not needed again
    // Handlers are registered at once so no early frame meets a missing handler; each waits for the
    // connection record. No wildcard handler: unknown actions then get NotImplemented (STACK.md).
    const ready = lifecycle.open(rpc);
    const log = o.log.child({ chargeBoxId: rpc.session.station.chargeBoxId });
    ready.catch((err: unknown) => {
      log.error({ err }, 'could not record the connection; closing it');
      void rpc.close({ code: 1011, reason: 'Internal error', force: true });
    });
    limitConnection(rpc, o.limits, { log, close: closeWhenReady(ready) });
    leniency.attach(rpc);
    // One dispatcher per connection, registered under each action we serve: ~200 B a connection, where a pair of
    // closures and their deps per action cost ~5 kB. An action not registered still gets ocpp-rpc's NotImplemented.
    const dispatch = dispatcher({ ready, log, services: o.services, clock: o.clock, metrics });
    for (const action of served) rpc.handle(action, dispatch);
    answerBadFramesAsOcpp16(rpc);
    onBadFrame(rpc, (frame) => log.warn({ reason: frame.reason }, 'bad frame from charger'));
    instrumentConnection(rpc, metrics, served);
  });

  return {
    registry,
    capacity,
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      if (handshakeLimit.refuseIfBlocked(request, socket)) return;
      if (!capacity.admit(socket)) return;
      if (refusedForSubprotocol(request, socket, head)) return;
      // ocpp-rpc keeps `head` for the socket's life (in its upgrade closures); an empty one is usually a view of the
      // whole chunk the request came in, so a shared empty buffer keeps that chunk from being held (~450 B each).
      void rpcServer.handleUpgrade(request, socket, head.length === 0 ? NO_HEAD : head);
    },
    isOcppPath: (url: string | undefined) => (url ?? '').startsWith(`${OCPP_PATH}/`),
    /** Stops accepting, lets handlers in flight finish, closes sockets with a code chargers reconnect on. */
    async close(graceMs: number): Promise<void> {
      stopFollowing();
      subprotocolRefusal.close();
      const live = registry.all();
      for (const c of live) {
        c.rpc.close({ code: 1001, reason: 'Central system shutting down', awaitPending: true })
          .catch((err: unknown) => o.log.debug({ err, chargeBoxId: c.station.chargeBoxId }, 'closing a connection at shutdown failed'));
      }
      // Past the grace the socket goes; rpc.close({ force }) would do nothing on a connection already closing.
      const timer = setTimeout(() => live.forEach((c) => c.rpc.handshake.request.socket.destroy()), graceMs);
      await Promise.all([Promise.all(live.map(closedEvent)), rpcServer.close({ code: 1001, awaitPending: true })]);
      clearTimeout(timer);
      await lifecycle.settled();
    },
  };
}
export type OcppServer = ReturnType<typeof createOcppServer>;

// Made by a function, not written inline as `close: (c) => ...`: tsx names such a closure (esbuild keepNames) by
// defineProperty, which turns it into a dictionary-mode function (~300 B a connection instead of 56).
function closeWhenReady(ready: Promise<LiveConnection>): (c: CloseFrame) => Promise<void> {
  return (c) => ready.then((conn) => closeLive(conn, c));
}

interface DispatchDeps {
  ready: Promise<LiveConnection>;
  log: Logger;
  services: Services;
  clock: Clock;
  metrics: OcppMetrics;
}

/** One connection's handler of every action it is registered for: the handler's time per action, whatever the
 * answer; ocpp-rpc's events count the answers (instrumentation.ts). */
function dispatcher(d: DispatchDeps): (call: IncomingCall) => Promise<unknown> {
  return async (call) => {
    const started = performance.now();
    try {
      return await answer(call.method as InboundAction, call.params, d);
    } finally {
      d.metrics.handlerSeconds(call.method, (performance.now() - started) / 1000);
    }
  };
}

/** Marks the charger alive, refuses anything but BootNotification from a charger not Accepted, and turns any
 * internal failure into InternalError without leaking its message (STYLE.md example 10). */
async function answer(action: InboundAction, params: unknown, d: DispatchDeps): Promise<unknown> {
  const connection = await d.ready;
  connection.lastSeenAt = d.clock.now();
  if (action !== 'BootNotification' && connection.station.registrationStatus !== 'Accepted') {
    // OCPP 1.6 §4.2: until Accepted the charger sends nothing but BootNotification.
    throw createRpcError('SecurityError', `Charge point is ${connection.station.registrationStatus}; send BootNotification`);
  }
  const ctx: StationContext = { connection, stationId: connection.station.id, services: d.services, clock: d.clock, log: d.log };
  const handler = handlers[action] as Handler<InboundAction, Services>;
  try {
    return await handler(ctx, params as never);
  } catch (err) {
    if (isRpcError(err)) throw err;
    d.log.error({ err, action }, 'handler failed');
    throw createRpcError('InternalError', 'Internal error');
  }
}
