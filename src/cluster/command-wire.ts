// What travels on a station's command subject (subjects.ts `command`): a request from the node staff asked, and
// the holder's reply, which carries the same ending a single node's port gives (services/ports.ts): a
// CommandResult, or the AppError its port threw, code, message and details unchanged (a BadRequest still names
// the field). JSON, as NATS payloads are bytes.
import type { CommandAction } from '../domain/commands.js';
import type { CommandPayload, CommandResult } from '../services/ports.js';
import { AppError, type ErrorCode } from '../shared/errors.js';

export type CommandRequest =
  | { kind: 'send'; action: CommandAction; payload: CommandPayload }
  | { kind: 'disconnect'; reason: string };

export type CommandReply =
  | { ok: true; nodeId: string; result?: CommandResult }
  | { ok: false; nodeId: string; error: { code: ErrorCode | 'Internal'; message: string; details?: unknown } };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (value: CommandRequest | CommandReply): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeRequest = (data: Uint8Array): CommandRequest => JSON.parse(decoder.decode(data)) as CommandRequest;
export const decodeReply = (data: Uint8Array): CommandReply => JSON.parse(decoder.decode(data)) as CommandReply;

/** The holder's failure as a reply: an AppError as it is; anything else as Internal, its message kept home. */
export function replyOfError(nodeId: string, err: unknown): CommandReply {
  if (err instanceof AppError) return { ok: false, nodeId, error: { code: err.code, message: err.message, details: err.details } };
  return { ok: false, nodeId, error: { code: 'Internal', message: 'internal error on the node holding the station' } };
}

/** The failure of a reply, thrown on the asking node as the holder's port threw it. */
export function errorOfReply(reply: Extract<CommandReply, { ok: false }>): Error {
  const { code, message, details } = reply.error;
  if (code === 'Internal') return new Error(`node ${reply.nodeId}: ${message}`);
  return new AppError(code, message, details);
}
