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
}

export function createRpcServer<Session>(options: RpcServerOptions): RpcServer<Session> {
  return new rpc.RPCServer(options) as unknown as RpcServer<Session>;
}

export type RpcErrorCode =
  | 'NotImplemented' | 'NotSupported' | 'InternalError' | 'ProtocolError' | 'SecurityError'
  | 'FormationViolation' | 'PropertyConstraintViolation' | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation' | 'GenericError';

export const createRpcError = (code: RpcErrorCode, message?: string): Error =>
  rpc.createRPCError(code, message, {}) as Error;

export const isRpcError = (err: unknown): boolean => err instanceof rpc.RPCError;
export const isTimeoutError = (err: unknown): boolean => err instanceof rpc.TimeoutError;
