// ocpp-rpc's strict-mode validators, typed (the rest of the thin layer is rpc.ts). A validator is
// { subprotocol, validate(schemaId, params) } (lib/validator.js): validate throws an RPCError carrying ajv's
// errors in details.errors, and ocpp-rpc answers the CALL with that error's code (lib/client.js _onCall).
import { createRequire } from 'node:module';
import rpc from 'ocpp-rpc';
import type { RpcConnection } from './rpc.js';

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

// The package has no "exports" map, so its files are reachable by path; both are CommonJS.
const require = createRequire(import.meta.url);
const standard = require('ocpp-rpc/lib/standard-validators.js') as StrictValidator[];

/** The validator strict mode uses for a subprotocol unless a connection is given its own. */
export function standardValidator(subprotocol: string): StrictValidator {
  const found = standard.find((v) => v.subprotocol === subprotocol);
  if (!found) throw new Error(`ocpp-rpc has no validator for ${subprotocol}`);
  return found;
}

/** The OCPP 1.6 JSON schemas the standard validator compiled, one per message ('urn:StartTransaction.req'). */
export const ocpp16Schemas = (): JsonSchema[] => require('ocpp-rpc/lib/schemas/ocpp1_6.json') as JsonSchema[];

/**
 * Gives one connection its own strict-mode validator. RPCClient#reconfigure (public, lib/client.js) rebuilds the
 * subprotocol → validator map from the standard ones plus `strictModeValidators`, the later winning.
 */
export function useValidator<S>(connection: RpcConnection<S>, validator: StrictValidator): void {
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
