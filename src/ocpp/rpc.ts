// The one thin typed layer over ocpp-rpc (STACK.md: its own .d.ts is loose or wrong). It is CommonJS, and
// named ESM imports of its error classes fail, so everything comes through the default export.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import rpc from 'ocpp-rpc';

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
}

export function createRpcServer<Session>(options: RpcServerOptions): RpcServer<Session> {
  const { maxMessageBytes, ...rest } = options;
  if (typeof (rpc.RPCClient.prototype as unknown as { _onCall?: unknown })._onCall !== 'function') {
    throw new Error('ocpp-rpc no longer has RPCClient#_onCall, which gateInboundCalls replaces: see ocpp/rpc.ts');
  }
  const wssOptions = maxMessageBytes === undefined ? {} : { maxPayload: maxMessageBytes };
  return new rpc.RPCServer({ ...rest, wssOptions }) as unknown as RpcServer<Session>;
}

/** Decides when (and whether) one parsed inbound CALL is handled: `run` handles it and sends the answer. */
export type InboundCallGate = (messageId: string, run: () => Promise<void>) => void;

/**
 * Puts `gate` in front of every inbound CALL of this connection. ocpp-rpc handles each CALL the moment it is
 * parsed, all at once, and answers a repeat of a pending message id with its own RpcFrameworkError (an OCPP
 * 2.0.1 code), with no public hook before that (lib/client.js `_onCall`). So this replaces the connection's
 * private `_onCall(messageId, method, params)`, which `_onMessage` calls for each parsed CALL and which resolves
 * once the answer is sent. createRpcServer checks it still exists; duplicate-ids.test.ts pins the behaviour.
 */
export function gateInboundCalls<S>(connection: RpcConnection<S>, gate: InboundCallGate): void {
  type OnCall = (messageId: string, method: string, params: unknown) => Promise<void>;
  const target = connection as unknown as { _onCall: OnCall };
  const handle = target._onCall.bind(connection);
  target._onCall = (messageId, method, params) => {
    gate(messageId, () => handle(messageId, method, params));
    return Promise.resolve();
  };
}

export type RpcErrorCode =
  | 'NotImplemented' | 'NotSupported' | 'InternalError' | 'ProtocolError' | 'SecurityError'
  | 'FormationViolation' | 'PropertyConstraintViolation' | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation' | 'GenericError';

export const createRpcError = (code: RpcErrorCode, message?: string): Error =>
  rpc.createRPCError(code, message, {}) as Error;

export const isRpcError = (err: unknown): boolean => err instanceof rpc.RPCError;
export const isTimeoutError = (err: unknown): boolean => err instanceof rpc.TimeoutError;
