// Leniency for chargers that break the OCPP 1.6 schemas (issue 6): per station, named checks are relaxed
// (domain/stations.ts RELAXATIONS) and every violation is repaired and recorded, instead of one global switch.
//
// One strict-mode validator serves every connection (given to ocpp-rpc's server once, so a connection costs no
// validator, closures or reconfigure of its own): the standard one plus the RFC 3339 timestamp check
// (strict-timestamps.ts). Each payload a charger sends is noted with the session of its connection (a WeakMap,
// so a note lives as long as the payload). Only when a message *from the charger* fails does it read the station's relaxations,
// from the registry's cached station at that moment, so a PATCH of leniency applies to a live connection at
// once, with nothing to reconfigure, and a message that passes costs nothing extra. When every failed check is
// relaxed, the payload is repaired in place (ocpp-rpc hands the handler that same object) and passes; otherwise
// the charger gets the CALLERROR it would have got anyway. Our own CALLs and answers stay strictly validated:
// only objects the charger sent are relaxed, as the adapter tells them (rpc-adapter.ts chargerPayloads).
import type { Relaxation } from '../domain/stations.js';
import type { Services } from '../services/index.js';
import type { Logger } from '../shared/logger.js';
import { repair, type Repair } from './leniency-rules.js';
import { assertRfc3339Timestamps } from './strict-timestamps.js';
import { assertStorableStrings } from './storable-strings.js';
import { assertIntegerRanges } from './integer-ranges.js';
import {
  ajvErrorsOf, onChargerPayload, standardValidator, type RpcConnection, type StrictValidator,
} from './rpc-adapter.js';
import { OCPP_SUBPROTOCOL } from './auth.js';
import type { StationRegistry, StationSession } from './registry.js';

/** 'req': a CALL from the charger; 'conf': the charger's answer to a CALL of ours. */
export type MessageKind = 'req' | 'conf';

export interface LeniencyDeps {
  /** The station's relaxations now. */
  relaxations(): readonly Relaxation[];
  /** A message was repaired and passed; must not throw (it runs inside ocpp-rpc's validation). */
  onRepaired(action: string, kind: MessageKind, repairs: Repair[]): void;
}

// A payload needing more repairs than this is not a quirk; it is refused as it came (and bounds the work).
const MAX_REPAIRS = 100;

/** The validator of one charger's connection; `fromCharger` tells a payload the charger sent from one of ours. */
export function chargerValidator(standard: StrictValidator, fromCharger: (payload: object) => boolean, d: LeniencyDeps): StrictValidator {
  return lenientValidator<true>(standard, (payload) => (fromCharger(payload) ? true : undefined), {
    relaxations: () => d.relaxations(),
    onRepaired: (_owner, action, kind, repairs) => d.onRepaired(action, kind, repairs),
  });
}

/** LeniencyDeps for whichever connection a payload came from: `owner` is what `ownerOf` found for it. */
interface OwnedLeniencyDeps<O> {
  relaxations(owner: O): readonly Relaxation[];
  onRepaired(owner: O, action: string, kind: MessageKind, repairs: Repair[]): void;
}

/** The validator of many connections: `ownerOf` names the connection a payload came from, undefined when the
 * payload is one of ours (our CALL, our answer), which is always validated strictly. */
function lenientValidator<O>(standard: StrictValidator, ownerOf: (payload: object) => O | undefined, d: OwnedLeniencyDeps<O>): StrictValidator {
  const check = (schemaId: string, payload: unknown): void => {
    standard.validate(schemaId, payload);
    assertRfc3339Timestamps(schemaId, payload);
    assertStorableStrings(payload);
    assertIntegerRanges(schemaId, payload);
  };
  return {
    subprotocol: standard.subprotocol,
    validate(schemaId: string, params: unknown): boolean {
      const owner = params !== null && typeof params === 'object' ? ownerOf(params) : undefined;
      if (owner === undefined) {
        standard.validate(schemaId, params);
        return true;
      }
      try {
        check(schemaId, params);
        return true;
      } catch (err) {
        const allowed = new Set(d.relaxations(owner));
        if (allowed.size === 0 || !ajvErrorsOf(err)) throw err;
        const { copy, repairs } = repairCopy((p) => check(schemaId, p), params as object, err, allowed);
        replaceContents(params as Record<string, unknown>, copy);
        const [, action = schemaId, kind = 'req'] = /^urn:(.+)\.(req|conf)$/.exec(schemaId) ?? [];
        d.onRepaired(owner, action, kind as MessageKind, repairs);
        return true;
      }
    },
  };
}

/**
 * Repairs a copy, one schema error at a time (ajv reports the first only), until it passes. An error no allowed
 * relaxation covers is thrown: the normal CALLERROR for that check, echoing what the charger sent.
 */
function repairCopy(check: (p: unknown) => void, params: object, first: unknown, allowed: ReadonlySet<Relaxation>) {
  const copy = structuredClone(params) as Record<string, unknown>;
  const repairs: Repair[] = [];
  let error = first;
  while (repairs.length < MAX_REPAIRS) {
    const schemaError = ajvErrorsOf(error)?.[0];
    const fixed = schemaError ? repair(copy, schemaError, allowed) : null;
    if (!fixed) {
      if (error !== first && ajvErrorsOf(error)) (error as { details: { data: unknown } }).details.data = params;
      throw error;
    }
    repairs.push(fixed);
    try {
      check(copy);
      return { copy, repairs };
    } catch (err) {
      error = err;
    }
  }
  throw first;
}

// Defined, not assigned: a key named __proto__ (JSON.parse makes it an own property) must not set a prototype.
function replaceContents(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(target)) if (!Object.hasOwn(source, key)) delete target[key];
  for (const [key, value] of Object.entries(source)) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

export interface LeniencyWiring {
  registry: StationRegistry;
  /** Where a repaired violation is recorded. */
  services: Pick<Services, 'protocolViolations'>;
  log: Logger;
}

/** The one validator of all chargers' connections (for the server's strictModeValidators) and `attach`, which
 * notes each payload a connection's charger sends. Violations are recorded off the hot path, and logged once per
 * kind and connection. */
export function createLeniency(w: LeniencyWiring): { validator: StrictValidator; attach(rpc: RpcConnection<StationSession>): void } {
  const owners = new WeakMap<object, StationSession>();
  const logged = new WeakMap<StationSession, Set<string>>(); // made at a connection's first repair
  const validator = lenientValidator<StationSession>(standardValidator(OCPP_SUBPROTOCOL), (payload) => owners.get(payload), {
    // The registry's connection follows staff PATCHes (station.updated → registry.updateStation).
    relaxations: ({ station }) => (w.registry.get(station.id)?.station ?? station).leniency,
    onRepaired(session, action, kind, repairs) {
      const seen = logged.get(session) ?? new Set<string>();
      logged.set(session, seen);
      const { station } = session;
      for (const r of repairs) {
        const key = `${action}.${kind} ${r.relaxation}`; // bounded: actions × 2 × 3
        if (seen.has(key)) continue;
        seen.add(key);
        w.log.warn({ chargeBoxId: station.chargeBoxId, action, kind, relaxation: r.relaxation, path: r.path },
          'charger broke the OCPP 1.6 schema; repaired (station is lenient)');
      }
      w.services.protocolViolations.record(station.id, action, kind, repairs)
        .catch((err: unknown) => w.log.error({ chargeBoxId: station.chargeBoxId, err, action }, 'recording a protocol violation failed'));
    },
  });
  return {
    validator,
    attach(rpc) {
      const session = rpc.session;
      onChargerPayload(rpc, (payload) => owners.set(payload, session));
    },
  };
}
