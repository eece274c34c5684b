// The adapter's other half (ocpp/rpc-adapter.ts lists every hook): ocpp-rpc's strict-mode validation (its
// OCPP 1.6 schemas, its validator, the errors it throws) and its error classes. Pinned by hook 6 of
// test/integration/ocpp/ocpp-rpc-contract.test.ts.
import { createRequire } from 'node:module';
import rpc from 'ocpp-rpc';
import type { RpcConnection } from './rpc-adapter.js';

export interface StrictValidator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): unknown;
}

/** A JSON Schema node as the OCPP 1.6 schema file has them (draft-04, local $refs to #/definitions). */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

/** One schema error as ajv reports it (the fields we read). */
export interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

// The package has no "exports" map, so its schema file is reachable by path (hook 6).
const require = createRequire(import.meta.url);

/** The OCPP 1.6 JSON schemas strict mode validates with, one per message ('urn:StartTransaction.req'). */
export const ocpp16Schemas = (): JsonSchema[] => require('ocpp-rpc/lib/schemas/ocpp1_6.json') as JsonSchema[];

let ocpp16Validator: StrictValidator | null = null;

/** Strict mode's OCPP 1.6 validator, made as ocpp-rpc makes its own: public createValidator over the same schemas.
 * One per process; ajv compiles each schema the first time it is used. */
export function standardValidator(subprotocol: string): StrictValidator {
  if (subprotocol !== 'ocpp1.6') throw new Error(`no strict-mode validator for ${subprotocol}`);
  ocpp16Validator ??= rpc.createValidator(subprotocol, ocpp16Schemas()) as StrictValidator;
  return ocpp16Validator;
}

/**
 * Gives one connection its own strict-mode validator. RPCClient#reconfigure (public, lib/client.js) rebuilds the
 * subprotocol → validator map from the standard ones plus `strictModeValidators`, the later winning.
 */
export function useChargerValidator<S>(connection: RpcConnection<S>, validator: StrictValidator): void {
  (connection as unknown as { reconfigure(o: { strictModeValidators: StrictValidator[] }): void })
    .reconfigure({ strictModeValidators: [validator] });
}

/** The error the standard validator throws for a bad format (FormatViolation, sent as OCPP 1.6's FormationViolation). */
export function formatError(message: string, errors: AjvError[], data: unknown): Error {
  return rpc.createRPCError('FormatViolation', message, { errors, data }) as Error;
}

/**
 * The error for a value the schema lets through but we refuse (PropertyConstraintViolation), in the standard
 * validator's shape: `path` is the JSON Pointer of the field, and the message names it as ajv's do.
 */
export function propertyConstraintError(path: string, message: string, error: Omit<AjvError, 'instancePath' | 'message'>, data: unknown): Error {
  return rpc.createRPCError('PropertyConstraintViolation', `data${path} ${message}`, {
    errors: [{ ...error, instancePath: path, message }], data,
  }) as Error;
}

/** The ajv errors of a validator's error, or null when it is not a schema error (a missing schema, a bug). */
export function ajvErrorsOf(err: unknown): AjvError[] | null {
  if (!(err instanceof rpc.RPCError)) return null;
  const errors = (err as { details?: { errors?: unknown } }).details?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as AjvError[]) : null;
}

export type RpcErrorCode =
  | 'NotImplemented' | 'NotSupported' | 'InternalError' | 'ProtocolError' | 'SecurityError'
  | 'FormationViolation' | 'PropertyConstraintViolation' | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation' | 'GenericError';

export const createRpcError = (code: RpcErrorCode, message?: string): Error =>
  rpc.createRPCError(code, message, {}) as Error;

export const isRpcError = (err: unknown): boolean => err instanceof rpc.RPCError;
