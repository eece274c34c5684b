// The charging profiles the central system installs for load management (issue 17 item 3), and what each charger
// accepted. setCurrentLimit sends SetChargingProfile through the ChargerPort (ocpp/charger-port.ts writes the
// wire profile), recorded in the command log under a system principal like the other commands the central system
// originates; an Accepted one goes to the ledger (charging-profile-ledger.ts), which staff's profiles reach too.
// Ids and stack levels: domain/charging-profiles.ts (one id per purpose and connector, so a new limit replaces).
import * as store from '../store/index.js';
import { LOAD_STACK_LEVEL, loadProfileId, singleLimitA, type InstalledProfile } from '../domain/charging-profiles.js';
import type { CurrentLimitProfile } from '../domain/charger-answers.js';
import type { Principal } from '../domain/staff.js';
import type { ServiceDeps } from './deps.js';
import type { CommandRecorder } from './command-recorder.js';
import type { ChargingProfileLedger } from './charging-profile-ledger.js';
import type { ChargerPort, CommandPayload } from './ports.js';
import { makeFailsafeProfiles, type ClearOutcome } from './failsafe-profiles.js';

export type { InstalledProfile } from '../domain/charging-profiles.js';

/** A limit in amperes per phase for one connector, as one period from now (OCPP 1.6 §3.13, unit A). */
export interface CurrentLimit {
  stationId: number;
  connectorId: number;
  /** A per phase, a multiple of 0.1; 0 pauses the session. */
  limitA: number;
  /** TxProfile: the running transaction's (transactionId required); TxDefaultProfile: the site's fail-safe, on connector 0. */
  purpose: 'TxProfile' | 'TxDefaultProfile';
  transactionId: number | null;
}

/**
 * The charger's answer to SetChargingProfile, or why none came. Anything but Accepted means the charger is not
 * known to follow the limit (Rejected/NotSupported: it does not take profiles, or not this one; the others: it may
 * or may not have applied it), so load management counts its session at the charger's full rating.
 */
export type LimitOutcome = 'Accepted' | 'Rejected' | 'NotSupported' | 'call-error' | 'offline' | 'timeout' | 'went-down';

export type LimitSource = 'load-balancer' | 'failsafe';

export interface ChargingProfileService {
  /**
   * SetChargingProfile with one period of limitA from now, recorded in the command log under the source's system
   * principal; on Accepted it is recorded as installed (replacing what it replaces on the charger). Never throws
   * for the charger's sake: offline, no answer and refusals are outcomes.
   */
  setCurrentLimit(limit: CurrentLimit, source: LimitSource): Promise<LimitOutcome>;
  /** What is installed on a station, by connector (GET /api/stations/{id}/charging-profiles); NotFound naming stationId. */
  list(stationId: number): Promise<InstalledProfile[]>;
  /**
   * The TxProfile limit (A) in force for each running transaction of these stations, by transactionId: of the
   * TxProfiles it accepted, the one of the highest stack level (§3.13.2; the last accepted at that level). A
   * transaction missing here has no accepted TxProfile in A of a single period (none, refused, or staff's in W).
   */
  acceptedTxLimits(stationIds: number[]): Promise<Map<number, number>>;
  /**
   * The site's fail-safe TxDefaultProfile (connector 0, failsafeCurrentA) on this station, as sent by itself after
   * each accepted BootNotification (failsafe-profiles.ts); for a station that joins a site or a site whose
   * failsafeCurrentA changes. null: the station belongs to no site.
   */
  sendFailsafe(stationId: number): Promise<LimitOutcome | null>;
  /** Clears the fail-safe from a station that left its site (ClearChargingProfile of its id), recorded as
   * system:failsafe; without it the charger would keep the site's fail-safe as its default for good. */
  clearFailsafe(stationId: number): Promise<ClearOutcome>;
}

/** Who the command log names for the limits the central system sends by itself. */
export const LIMIT_PRINCIPALS: Record<LimitSource, Principal> = {
  'load-balancer': { accountId: null, name: 'system:load-balancer', role: 'admin' },
  failsafe: { accountId: null, name: 'system:failsafe', role: 'admin' },
};

const isTenths = (a: number): boolean => a >= 0 && Math.abs(a * 10 - Math.round(a * 10)) < 1e-9;

/** The highest stack level wins; at the same level (replaced on the charger) the later row is the one in force. */
function inForceByTransaction(rows: Array<{ transactionId: number; profile: InstalledProfile }>): Map<number, number> {
  const best = new Map<number, InstalledProfile>();
  for (const { transactionId, profile } of rows) {
    const held = best.get(transactionId);
    if (!held || profile.stackLevel >= held.stackLevel) best.set(transactionId, profile);
  }
  const limits = new Map<number, number>();
  for (const [transactionId, p] of best) {
    const limitA = singleLimitA(p.profile);
    if (limitA !== null) limits.set(transactionId, limitA);
  }
  return limits;
}

export function makeChargingProfileService(
  d: ServiceDeps, o: { recorder: CommandRecorder; commands: Pick<ChargerPort, 'setCurrentLimit' | 'clearChargingProfile'>; ledger: ChargingProfileLedger },
): ChargingProfileService {
  async function profileOf(limit: CurrentLimit): Promise<CurrentLimitProfile> {
    // Bugs of the caller, not the charger's doing: §7.13 takes one decimal, and a TxProfile names its transaction.
    if (!isTenths(limit.limitA)) throw new Error(`limitA ${limit.limitA} is not a non-negative multiple of 0.1 A`);
    if ((limit.purpose === 'TxProfile') !== (limit.transactionId !== null)) throw new Error('a TxProfile, and only a TxProfile, carries a transactionId');
    const station = await store.stations.getStation(d.db, limit.stationId);
    const site = station.siteId === null ? null : await store.sites.findSite(d.db, station.siteId);
    return {
      connectorId: limit.connectorId, chargingProfileId: loadProfileId(limit.purpose, limit.connectorId), stackLevel: LOAD_STACK_LEVEL,
      purpose: limit.purpose, transactionId: limit.transactionId, limitA: Math.round(limit.limitA * 10) / 10, numberPhases: site?.phases ?? null,
    };
  }

  async function setCurrentLimit(limit: CurrentLimit, source: LimitSource): Promise<LimitOutcome> {
    const command = o.commands.setCurrentLimit(await profileOf(limit));
    const answer = await o.recorder.recorded(LIMIT_PRINCIPALS[source], limit.stationId, command);
    const outcome: LimitOutcome = answer.outcome === 'answered' ? answer.status : answer.outcome;
    const log = d.log.child({ stationId: limit.stationId, connectorId: limit.connectorId, source });
    if (outcome !== 'Accepted') {
      log.warn({ outcome, detail: answer.outcome === 'answered' ? null : answer.detail, limitA: limit.limitA, purpose: limit.purpose },
        'charger did not accept the current limit (load management counts such a charger at its full rating)');
      return outcome;
    }
    await o.ledger.accepted(limit.stationId, limit.connectorId, command.request.csChargingProfiles as CommandPayload, source);
    return outcome;
  }

  const failsafe = makeFailsafeProfiles(d, { ...o, profiles: { setCurrentLimit }, principal: LIMIT_PRINCIPALS.failsafe });
  return {
    setCurrentLimit,
    sendFailsafe: failsafe.send,
    clearFailsafe: failsafe.clear,

    async list(stationId) {
      await store.stations.getStation(d.db, stationId);
      return store.chargingProfiles.listProfiles(d.db, stationId);
    },

    async acceptedTxLimits(stationIds) {
      return inForceByTransaction(await store.chargingProfiles.listRunningTxProfiles(d.db, stationIds));
    },
  };
}
