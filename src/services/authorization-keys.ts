// AuthorizationKey rotation that cannot lock a charger out (OCPP 1.6 security whitepaper, "Updating the
// AuthorizationKey"; issue 16 item 3, OCA TC_073). The charger gets the new key by ChangeConfiguration and then
// reconnects with it, so:
//   online:  the new hash is stored only once the charger answers Accepted; the key it replaces stays valid
//            until the charger's first successful handshake with the new one (ocpp/auth.ts drops it then);
//            refused (Rejected, NotSupported, CALLERROR): nothing changes. No answer (a timeout, or the
//            connection dropped while we waited): the charger may have applied it and come back with it, or
//            not, so both keys are valid until its first connection with the new one, as after an Accepted.
//   offline: the new hash waits as pending, never valid at the handshake; the key itself waits in this node's
//            memory only, and goes out once the charger's next BootNotification is accepted.
//   no key yet (an auto-registered charger): online, sent as above (the charger must learn it); offline, set at
//            once, there is nothing to rotate (the operator provisions the charger).
// The key is never stored or shown in clear: the command log records ***; only the password route's answer
// carries it, once, to the admin who asked.
import * as store from '../store/index.js';
import { AppError, isAppError } from '../shared/errors.js';
import { hashPassword, newPassword } from '../shared/secrets.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';
import { AUTHORIZATION_KEY_RULE, isAuthorizationKey, redactedConfiguration } from '../domain/security-configuration.js';
import type { ServiceDeps } from './deps.js';
import type { ChargerPort } from './ports.js';
import type { CommandRecorder, CommandReport, StaffCommand } from './command-recorder.js';

/** What the password route answers: the key (once), and where the rotation stands. */
export interface KeyChange {
  stationId: number;
  chargeBoxId: string;
  /** The new AuthorizationKey, in clear: in this answer only. */
  password: string;
  /** Accepted: in force now; Pending: goes to the charger when it next connects; Set: its first key. */
  status: 'Accepted' | 'Pending' | 'Set';
  message: string;
  /** The ChangeConfiguration in the command log, when one was sent. */
  commandId: number | null;
}

export interface AuthorizationKeyService {
  /** POST /stations/{id}/password: the key given (or a new one); a refusal is a Conflict, no answer a StationTimeout. */
  rotate(principal: Principal, stationId: number, key: string | null): Promise<KeyChange>;
  /** ChangeConfiguration AuthorizationKey through the command route: the same path, answered as a command. */
  changeByCommand(principal: Principal, station: Station, value: string): Promise<CommandReport>;
}

interface Parked { key: string; hash: string; principal: Principal }

const changeKey = (key: string): StaffCommand => ({
  action: 'ChangeConfiguration',
  payload: { key: 'AuthorizationKey', value: key },
  logged: redactedConfiguration({ key: 'AuthorizationKey', value: key }),
});

const accepted = (r: CommandReport): boolean => r.outcome === 'answered' && r.response?.status === 'Accepted';

function refusalOf(r: CommandReport): string {
  if (r.outcome === 'answered') return `answered ${String(r.response?.status)}`;
  if (r.outcome === 'call-error') return `answered CALLERROR ${r.callError?.errorCode ?? ''}: ${r.callError?.errorDescription ?? ''}`;
  return r.reason ?? r.outcome;
}

const UNKNOWN_OUTCOME = 'the charger may or may not have applied the new AuthorizationKey, so both keys are accepted until its first connection with the new one';

function badKey(field: 'key' | 'value'): AppError {
  const message = `${field}: ${AUTHORIZATION_KEY_RULE}`;
  return new AppError('BadRequest', message, { fields: [{ field, in: 'body', message: AUTHORIZATION_KEY_RULE }] });
}

export function makeAuthorizationKeyService(
  d: ServiceDeps, o: { recorder: CommandRecorder; commands: Pick<ChargerPort, 'isOnline'> },
): AuthorizationKeyService {
  const parked = new Map<number, Parked>();
  const delivering = new Set<number>();

  /** The new key becomes current and the one it replaces previous: both valid until the first connection with the new one. */
  const keepBoth = async (stationId: number, key: string): Promise<void> =>
    store.stationPasswords.acceptNewPassword(d.db, stationId, await hashPassword(key), d.clock.now());

  /** Sends the key; on Accepted, and when no answer says whether the charger applied it, both keys are valid. */
  async function sendKey(principal: Principal, station: Station, key: string): Promise<CommandReport> {
    let report: CommandReport;
    try {
      report = await o.recorder.dispatch(principal, station, changeKey(key));
    } catch (err) {
      // Refusing the new key now could lock out a charger that applied it and lost only its answer.
      if (isAppError(err, 'StationTimeout')) await keepBoth(station.id, key);
      throw err;
    }
    if (accepted(report) || report.outcome === 'went-down') await keepBoth(station.id, key);
    return report;
  }

  async function park(principal: Principal, station: Station, key: string): Promise<void> {
    const hash = await hashPassword(key);
    await store.stationPasswords.setPendingPassword(d.db, station.id, hash, d.clock.now());
    parked.set(station.id, { key, hash, principal });
    d.log.info({ stationId: station.id, chargeBoxId: station.chargeBoxId }, 'new AuthorizationKey pending until the charger connects');
  }

  /**
   * The charger is back and Accepted: its pending key goes out now. A refusal drops it; not sent (the charger
   * left again) keeps it for the next boot; no answer makes it valid beside the current one, as in sendKey.
   */
  async function deliver(stationId: number, p: Parked): Promise<void> {
    const station = await store.stations.getStation(d.db, stationId);
    if (station.pendingPasswordHash !== p.hash) return void parked.delete(stationId); // replaced or withdrawn
    const log = d.log.child({ stationId, chargeBoxId: station.chargeBoxId });
    let report: CommandReport | null = null;
    try {
      report = await o.recorder.dispatch(p.principal, station, changeKey(p.key));
    } catch (err) {
      if (!isAppError(err, 'StationTimeout')) return log.warn({ err }, 'pending AuthorizationKey not delivered: tried again at the next boot');
    }
    parked.delete(stationId);
    if (report !== null && report.outcome !== 'went-down' && !accepted(report)) {
      await store.stationPasswords.clearPendingPassword(d.db, stationId, p.hash);
      return log.warn({ commandId: report.commandId, refusal: refusalOf(report) }, 'charger refused its pending AuthorizationKey: the current key stays');
    }
    if (!await store.stationPasswords.acceptPendingPassword(d.db, stationId, p.hash, d.clock.now())) return; // replaced meanwhile
    if (report?.outcome === 'answered') log.info({ commandId: report.commandId }, 'charger accepted its pending AuthorizationKey');
    else log.warn(`no answer to the pending AuthorizationKey: ${UNKNOWN_OUTCOME}`);
  }

  // After the BootNotification's answer has gone out (STYLE.md habit 4); on whichever node the charger is, as the
  // key waits on this one and the port carries the CALL to the charger's node.
  d.events.onClusterWide('station.booted', (e) => {
    const p = parked.get(e.stationId);
    if (!p || e.registrationStatus !== 'Accepted' || delivering.has(e.stationId)) return;
    delivering.add(e.stationId);
    setImmediate(() => {
      deliver(e.stationId, p)
        .catch((err: unknown) => d.log.error({ err, stationId: e.stationId }, 'pending AuthorizationKey delivery failed'))
        .finally(() => delivering.delete(e.stationId));
    });
  });

  async function rotateOnline(principal: Principal, station: Station, key: string): Promise<KeyChange> {
    const base = { stationId: station.id, chargeBoxId: station.chargeBoxId, password: key };
    let report: CommandReport;
    try {
      report = await sendKey(principal, station, key);
    } catch (err) {
      if (isAppError(err, 'StationTimeout')) throw new AppError('StationTimeout', `${err.message}; ${UNKNOWN_OUTCOME}`, err.details);
      throw err;
    }
    if (report.outcome === 'went-down') {
      throw new AppError('StationTimeout', `charger ${station.chargeBoxId} dropped its connection before answering (${refusalOf(report)}); ${UNKNOWN_OUTCOME}`,
        { stationId: station.id, chargeBoxId: station.chargeBoxId, commandId: report.commandId, outcome: report.outcome });
    }
    if (!accepted(report)) {
      throw new AppError('Conflict', `charger ${station.chargeBoxId} refused the new AuthorizationKey (${refusalOf(report)}); nothing changed: the current key stays in force`,
        { stationId: station.id, chargeBoxId: station.chargeBoxId, commandId: report.commandId, outcome: report.outcome, response: report.response ?? null });
    }
    return { ...base, status: 'Accepted', commandId: report.commandId,
      message: 'the charger accepted the new AuthorizationKey; the previous one keeps working until its first connection with the new one' };
  }

  return {
    async rotate(principal, stationId, given) {
      if (given !== null && !isAuthorizationKey(given)) throw badKey('key');
      const key = given ?? newPassword();
      const station = await store.stations.getStation(d.db, stationId);
      const base = { stationId: station.id, chargeBoxId: station.chargeBoxId, password: key, commandId: null };
      const online = o.commands.isOnline(station.id);
      // A connected charger without a key gets it by ChangeConfiguration as any other: set here alone, it would be
      // refused at its next handshake, not knowing the key. Offline, the operator provisions it by hand.
      if (!station.passwordHash && !online) {
        await store.stationPasswords.setFirstPassword(d.db, station.id, await hashPassword(key), d.clock.now());
        return { ...base, status: 'Set', message: 'the station had no AuthorizationKey, so there was nothing to rotate: this one counts from the charger\'s next handshake' };
      }
      if (online) return rotateOnline(principal, station, key);
      await park(principal, station, key);
      return { ...base, status: 'Pending',
        message: 'the charger is offline: the new AuthorizationKey is sent when it next connects (after its BootNotification is accepted); until it accepts, the current key stays the only valid one' };
    },

    async changeByCommand(principal, station, value) {
      if (!isAuthorizationKey(value)) throw badKey('value');
      if (o.commands.isOnline(station.id)) return sendKey(principal, station, value);
      await park(principal, station, value);
      throw new AppError('StationOffline',
        `charger ${station.chargeBoxId} (station ${station.id}) is not connected: the new AuthorizationKey is pending and is sent when it next connects; until it accepts, the current key stays the only valid one`,
        { stationId: station.id, chargeBoxId: station.chargeBoxId, action: 'ChangeConfiguration', pending: true });
    },
  };
}
