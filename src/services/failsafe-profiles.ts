// The site's fail-safe on each charger (issue 17 item 3): a TxDefaultProfile on connector 0 at the site's
// failsafeCurrentA, what every connector of the charger may draw when no TxProfile of ours limits it: a session
// before its first limit, and every session once the charger loses the central system and its TxProfiles end with
// their transactions. Sent after each BootNotification we Accepted (a boot, or a reconnection that boots),
// once the BootNotification's answer has gone out (STYLE.md habit 4, as the pending AuthorizationKey delivery in
// authorization-keys.ts), recorded in the command log as system:failsafe. A refusal is logged there and here.
import * as store from '../store/index.js';
import { loadProfileId } from '../domain/charging-profiles.js';
import type { ServiceDeps } from './deps.js';
import type { ChargingProfileService, LimitOutcome } from './charging-profiles.js';
import type { Principal } from '../domain/staff.js';
import type { ChargingProfileLedger } from './charging-profile-ledger.js';
import type { CommandRecorder } from './command-recorder.js';
import type { ChargerPort } from './ports.js';

/** The charger's answer to ClearChargingProfile (Unknown: it had no such profile), or why none came. */
export type ClearOutcome = 'Accepted' | 'Unknown' | 'call-error' | 'offline' | 'timeout' | 'went-down';

export interface FailsafeProfiles {
  /** Sends the fail-safe of the station's site; null when the station belongs to no site (nothing to send). */
  send(stationId: number): Promise<LimitOutcome | null>;
  /** Clears the fail-safe from the charger (a station that left its site), recorded as system:failsafe. */
  clear(stationId: number): Promise<ClearOutcome>;
  /** Resolves when no fail-safe sent after a boot is still under way (tests, shutdown). */
  settled(): Promise<void>;
}

export interface FailsafeDeps {
  profiles: Pick<ChargingProfileService, 'setCurrentLimit'>;
  recorder: CommandRecorder;
  commands: Pick<ChargerPort, 'clearChargingProfile'>;
  ledger: Pick<ChargingProfileLedger, 'cleared'>;
  /** system:failsafe, as the command log names it. */
  principal: Principal;
}

export function makeFailsafeProfiles(d: ServiceDeps, o: FailsafeDeps): FailsafeProfiles {
  const underWay = new Set<Promise<unknown>>();

  const NO_SITE = 'station belongs to no site: no fail-safe TxDefaultProfile';

  async function send(stationId: number): Promise<LimitOutcome | null> {
    const station = await store.stations.getStation(d.db, stationId);
    const site = station.siteId === null ? null : await store.sites.findSite(d.db, station.siteId);
    if (!site) {
      d.log.debug({ stationId }, NO_SITE);
      return null;
    }
    const outcome = await o.profiles.setCurrentLimit(
      { stationId, connectorId: 0, limitA: site.failsafeCurrentA, purpose: 'TxDefaultProfile', transactionId: null }, 'failsafe');
    const log = d.log.child({ stationId, chargeBoxId: station.chargeBoxId, siteId: site.id });
    if (outcome === 'Accepted') log.info({ failsafeCurrentA: site.failsafeCurrentA }, 'fail-safe TxDefaultProfile installed');
    else log.warn({ outcome, failsafeCurrentA: site.failsafeCurrentA }, 'fail-safe TxDefaultProfile not installed: the charger keeps its own default if it loses us');
    return outcome;
  }

  // This node's boots only: the node that answered the BootNotification sends, once (shared/events.ts).
  d.events.on('station.booted', (e) => {
    if (e.registrationStatus !== 'Accepted') return;
    // A station of no site is skipped unread: boots come by the thousand in a connect storm (issue 14).
    if (e.siteId === null) return d.log.debug({ stationId: e.stationId }, NO_SITE);
    // setImmediate: the event is emitted while the BootNotification is being answered; the CALL leaves after it.
    setImmediate(() => {
      const sending = send(e.stationId)
        .catch((err: unknown) => d.log.error({ err, stationId: e.stationId }, 'fail-safe TxDefaultProfile failed'))
        .finally(() => underWay.delete(sending));
      underWay.add(sending);
    });
  });

  async function clear(stationId: number): Promise<ClearOutcome> {
    const id = loadProfileId('TxDefaultProfile', 0);
    const answer = await o.recorder.recorded(o.principal, stationId, o.commands.clearChargingProfile(id));
    const outcome: ClearOutcome = answer.outcome === 'answered' ? answer.status : answer.outcome;
    // Unknown: the charger has no such profile (any more): the ledger must not say it has.
    if (outcome === 'Accepted' || outcome === 'Unknown') await o.ledger.cleared(stationId, { id });
    else d.log.warn({ stationId, outcome }, 'fail-safe TxDefaultProfile not cleared: the charger may keep limiting itself to it');
    return outcome;
  }

  return {
    send,
    clear,
    async settled() {
      while (underWay.size > 0) await Promise.all(underWay);
    },
  };
}
