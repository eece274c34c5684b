// The one place that knows ocpp-rpc (2.2.x): a thin typed surface over it (STACK.md: its own .d.ts is loose or
// wrong), and the few behaviours beyond its documented API that we rely on. It is CommonJS, and named ESM
// imports of its error classes fail, so everything comes through the default export.
//
// Relied on beyond the documented API, each pinned by one test in
// test/integration/ocpp/ocpp-rpc-contract.test.ts (run it after any ocpp-rpc upgrade):
//   1. RPCClient#_onCall(messageId, method, params), private: called once per parsed CALL, before ocpp-rpc's own
//      repeated-id check, and resolving, never rejecting, once the answer is sent (gateInboundCalls).
//   2. 'call' (an inbound CALL) and 'response' (an inbound CALLRESULT) are emitted before strict mode validates
//      the payload, which is the very object the validator, and then the handler, receive (chargerPayloads).
//   3. 'badMessage' is emitted with the CALLERROR array before it is sent, and a change to it goes on the wire
//      (answerBadFramesAsOcpp16).
//   4. 'strictValidationFailure' for an outbound call carries our params object, before call() rejects
//      (callCharger tells our invalid request from the charger's invalid answer by it).
//   5. 'callError' carries the error as thrown (FormatViolation), the wire OCPP 1.6's spelling (onInboundAnswer).
//   6. ocpp1_6.json's schema ids ('urn:X.req') and the validator's RPCError shape (details.errors: ajv's errors,
//      details.data: the payload); reconfigure({ strictModeValidators }) replacing a connection's validator.
//   7. server.auth's callback is awaited (a throw refuses the upgrade); handshake.password is a Buffer, set only
//      when the Basic user is the identity (auth.ts); the connection's handshake is the object auth was given, so
//      auth.ts's remoteAddress (the charger behind a trusted proxy) is what the connection record reads.
//      Also pinned: createRPCError's codes, maxPayload → 1009.
//   8. handshake.endpoint and .identity: the URL's path split at its last '/', the identity percent-decoded
//      (lib/server.js handleUpgrade); subprotocol.ts reads an upgrade's URL the same way before ocpp-rpc sees it,
//      so the upgrades it completes and closes (OCPP-J 1.6 §3.1.2) are exactly those auth.ts's path and
//      chargeBoxId checks would have let through.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import rpc from 'ocpp-rpc';
import type { AjvError, StrictValidator } from './rpc-adapter-validation.js';

// Strict-mode validation and ocpp-rpc's errors: the adapter's other half (hook 6).
export * from './rpc-adapter-validation.js';

export interface Handshake {
  identity: string;
  endpoint: string;
  remoteAddress: string | undefined;
  protocols: Set<string>;
  password: Buffer | undefined;
  headers: IncomingMessage['headers'];
  request: IncomingMessage;
}

export interface IncomingCall {
  messageId: string;
  method: string;
  params: unknown;
}

export interface CloseInfo { code: number; reason: string }

/** One charger's socket as ocpp-rpc's server hands it to us. */
export interface RpcConnection<Session> extends EventEmitter {
  readonly identity: string;
  readonly session: Session;
  readonly handshake: Handshake;
  /** ocpp-rpc's state: CONNECTING 0, OPEN 1, CLOSING 2, CLOSED 3 (its 'close' event has been emitted). */
  readonly state: number;
  handle(method: string, handler: (call: IncomingCall) => Promise<unknown>): void;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number; signal?: AbortSignal }): Promise<unknown>;
  close(options?: { code?: number; reason?: string; awaitPending?: boolean; force?: boolean }): Promise<CloseInfo>;
}

export type AuthCallback<Session> = (
  accept: (session: Session, protocol?: string) => void,
  reject: (code: number, message: string) => void,
  handshake: Handshake,
) => Promise<void>;

export interface RpcServer<Session> extends EventEmitter {
  auth(cb: AuthCallback<Session>): void;
  handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  close(options?: { code?: number; reason?: string; awaitPending?: boolean; force?: boolean }): Promise<void>;
}

export interface RpcServerOptions {
  protocols: string[];
  strictMode: boolean;
  pingIntervalMs: number;
  callTimeoutMs: number;
  callConcurrency: number;
  /** ws's maxPayload: a bigger message closes the socket with 1009 before it is read (ocpp-rpc passes
   * `wssOptions` to ws's WebSocketServer, lib/server.js); ws's own 100 MiB when not given. */
  maxMessageBytes?: number;
  /** Replace the standard validator of their subprotocol on every connection (ocpp-rpc's documented server
   * option, passed to each client); one shared validator costs a connection nothing. */
  strictModeValidators?: StrictValidator[];
}

type Internals = { _onCall?: unknown; reconfigure?: unknown };

export function createRpcServer<Session>(options: RpcServerOptions): RpcServer<Session> {
  const { maxMessageBytes, ...rest } = options;
  const proto = rpc.RPCClient.prototype as unknown as Internals;
  if (typeof proto._onCall !== 'function' || typeof proto.reconfigure !== 'function') {
    throw new Error('ocpp-rpc no longer has RPCClient#_onCall or #reconfigure: see ocpp/rpc-adapter.ts and its contract test');
  }
  const wssOptions = maxMessageBytes === undefined ? {} : { maxPayload: maxMessageBytes };
  // Its .d.ts wants its own Validator class for strictModeValidators; it only reads .subprotocol and calls .validate.
  type Options = ConstructorParameters<typeof rpc.RPCServer>[0];
  return new rpc.RPCServer({ ...rest, wssOptions } as Options) as unknown as RpcServer<Session>;
}

/**
 * Drops the handshake's password once the handshake auth has checked it. ocpp-rpc keeps the handshake for the
 * connection's life, and the password is a view of a pooled Buffer: holding it holds the pool's whole 8 KiB slab
 * (about 4.8 kB a connection once other buffers have filled the slabs). Its bytes are zeroed as well, so the
 * secret does not linger in the shared slab.
 */
export function forgetHandshakePassword<S>(connection: RpcConnection<S>): void {
  const handshake = connection.handshake as { password: Buffer | undefined };
  handshake.password?.fill(0);
  handshake.password = undefined;
}

// ---- inbound CALLs ----

/** Decides when (and whether) one parsed inbound CALL is handled: `run` handles it and sends the answer. */
export type InboundCallGate = (messageId: string, run: () => Promise<void>) => void;

/**
 * Puts `gate` in front of every inbound CALL of this connection. ocpp-rpc handles each CALL the moment it is
 * parsed, all at once, and answers a repeat of a pending message id with its own RpcFrameworkError (an OCPP
 * 2.0.1 code); a handler (its `reply`, `signal`, NOREPLY) runs only after that check and after validation, so no
 * public hook comes early enough. This replaces the connection's private `_onCall` (hook 1 above).
 */
export function gateInboundCalls<S>(connection: RpcConnection<S>, gate: InboundCallGate): void {
  type OnCall = (messageId: string, method: string, params: unknown) => Promise<void>;
  const target = connection as unknown as { _onCall: OnCall };
  const handle = target._onCall; // the prototype's, called on this connection (no bound copy per connection)
  target._onCall = (messageId, method, params) => {
    gate(messageId, () => handle.call(connection, messageId, method, params));
    return Promise.resolve();
  };
}

interface Traffic { outbound?: boolean; payload: unknown[] }
const CALL = 2;
const CALLRESULT = 3;

/**
 * Calls `seen` with each payload the charger sent (a CALL's params, a CALLRESULT's result), which ocpp-rpc emits
 * as 'call' and 'response' for a parsed frame before validating that same object (hook 2 above).
 */
export function onChargerPayload<S>(connection: RpcConnection<S>, seen: (payload: object) => void): void {
  connection.on('call', (e: Traffic) => { if (!e.outbound && e.payload[0] === CALL) noteObject(e.payload[3], seen); });
  connection.on('response', (e: Traffic) => { if (!e.outbound && e.payload[0] === CALLRESULT) noteObject(e.payload[2], seen); });
}

// A module function, not a closure per connection: under tsx (esbuild keepNames) a named closure is a
// dictionary-mode function, ~300 B each.
function noteObject(value: unknown, seen: (payload: object) => void): void {
  if (value !== null && typeof value === 'object') seen(value);
}

/** Tells a payload the charger sent from one of ours, by identity (onChargerPayload). */
export function chargerPayloads<S>(connection: RpcConnection<S>): (payload: object) => boolean {
  const sent = new WeakSet<object>();
  onChargerPayload(connection, (payload) => sent.add(payload));
  return (payload) => sent.has(payload);
}

// ocpp-rpc writes these codes corrected for OCPP 1.6 (errata v1.0 §5, lib/client.js _onCall), but its events carry
// the error as thrown.
const ocpp16Spelling: Readonly<Record<string, string>> = {
  FormatViolation: 'FormationViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

interface AnswerEvent { outbound: boolean; method: string; error?: { rpcErrorCode?: unknown } }

/** Calls `answered` once per inbound CALL ocpp-rpc answered: 'ok' or the CALLERROR code as it went on the wire. */
export function onInboundAnswer<S>(connection: RpcConnection<S>, answered: (method: string, result: string) => void): void {
  connection.on('callResult', (e: AnswerEvent) => { if (!e.outbound) answered(e.method, 'ok'); });
  connection.on('callError', (e: AnswerEvent) => {
    if (e.outbound) return;
    const code = typeof e.error?.rpcErrorCode === 'string' ? e.error.rpcErrorCode : 'GenericError';
    answered(e.method, ocpp16Spelling[code] ?? code);
  });
}

// ---- frames that are not OCPP-J messages ----

/** A frame ocpp-rpc could not take: why, and the CALLERROR code it was answered with (null: not answered, as
 * for a malformed answer of the charger's). */
export interface BadFrame { reason: string; answeredWith: string | null }

interface BadMessageEvent { error: Error; response: unknown[] | null }

export function onBadFrame<S>(connection: RpcConnection<S>, seen: (frame: BadFrame) => void): void {
  connection.on('badMessage', (e: BadMessageEvent) => {
    const code = e.response?.[2];
    seen({ reason: e.error.message, answeredWith: typeof code === 'string' ? code : null });
  });
}

/**
 * ocpp-rpc answers a frame it cannot parse with OCPP 2.0.1's RpcFrameworkError / MessageTypeNotSupported; OCPP 1.6
 * has no such codes: a frame that is not a well-formed RPC message is a FormationViolation (OCPP-J 1.6 §4.2.3).
 * 'badMessage' carries the CALLERROR array before it is sent (hook 3 above); prepended, so every other listener
 * (onBadFrame) sees the corrected code.
 */
export function answerBadFramesAsOcpp16<S>(connection: RpcConnection<S>): void {
  connection.prependListener('badMessage', (e: BadMessageEvent) => {
    const response = e.response;
    if (response && (response[2] === 'RpcFrameworkError' || response[2] === 'MessageTypeNotSupported')) {
      response[2] = 'FormationViolation';
    }
  });
}

/** Calls `tooBig` when ws refused a message over maxMessageBytes (it has sent 1009 and stopped reading). */
export function onMessageTooBig<S>(connection: RpcConnection<S>, tooBig: () => void): void {
  connection.on('socketError', (err: { code?: string }) => {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooBig();
  });
}

// ---- outbound CALLs ----

/** How one CALL of ours to a charger ended. */
export type ChargerCallResult =
  | { kind: 'answered'; response: unknown }
  /** Our params broke the schema: nothing was sent. */
  | { kind: 'request-invalid'; error: Partial<AjvError> }
  | { kind: 'timeout' }
  /** The charger's CALLRESULT broke the schema; code and description are the validator's. */
  | { kind: 'answer-invalid'; code: string; description: string }
  /** The charger's CALLERROR. */
  | { kind: 'call-error'; code: string; description: string }
  /** The socket closed while we waited. */
  | { kind: 'closed'; code: number; reason: string }
  /** Anything else (say, the connection was closing before the CALL went out). */
  | { kind: 'failed'; error: unknown };

interface CallWatch { params: object; requestInvalid: Partial<AjvError> | null; answerInvalid: boolean; closedWith: CloseInfo | null }
interface ValidationFailure { params: unknown; outbound: boolean; isCall: boolean; error: { details?: { errors?: AjvError[] } } }

// One pair of listeners per connection, whatever the number of CALLs queued on it (callConcurrency 1), made on
// the first CALL: a listener per CALL would pass EventEmitter's leak warning with a dozen queued.
const watchesOf = new WeakMap<object, Set<CallWatch>>();

function watchesFor<S>(connection: RpcConnection<S>): Set<CallWatch> {
  const existing = watchesOf.get(connection);
  if (existing) return existing;
  const set = new Set<CallWatch>();
  watchesOf.set(connection, set);
  // Hook 4 above: the event names our params object (ocpp-rpc passes it through) before call() rejects.
  connection.on('strictValidationFailure', (e: ValidationFailure) => {
    for (const w of set) {
      if (e.params !== w.params) continue;
      if (e.outbound && e.isCall) w.requestInvalid = e.error.details?.errors?.[0] ?? {};
      if (!e.outbound && !e.isCall) w.answerInvalid = true;
    }
  });
  connection.on('disconnect', (e: { code: number; reason: unknown }) => {
    for (const w of set) w.closedWith = { code: e.code, reason: String(e.reason ?? '') };
  });
  return set;
}

const errorCode = (err: unknown): string => {
  const code = (err as { rpcErrorCode?: unknown }).rpcErrorCode;
  return typeof code === 'string' ? code : 'GenericError';
};
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : '');

/** Sends one CALL and says how it ended; it never throws. `params` must be an object of the caller's own. */
export async function callCharger<S>(
  connection: RpcConnection<S>, action: string, params: object, o: { callTimeoutMs: number },
): Promise<ChargerCallResult> {
  const watch: CallWatch = { params, requestInvalid: null, answerInvalid: false, closedWith: null };
  const watches = watchesFor(connection);
  watches.add(watch);
  try {
    return { kind: 'answered', response: await connection.call(action, params, { callTimeoutMs: o.callTimeoutMs }) };
  } catch (err) {
    if (watch.requestInvalid) return { kind: 'request-invalid', error: watch.requestInvalid };
    if (err instanceof rpc.TimeoutError) return { kind: 'timeout' };
    if (err instanceof rpc.RPCError) {
      return { kind: watch.answerInvalid ? 'answer-invalid' : 'call-error', code: errorCode(err), description: messageOf(err) };
    }
    if (watch.closedWith) return { kind: 'closed', ...watch.closedWith };
    return { kind: 'failed', error: err };
  } finally {
    watches.delete(watch);
  }
}
