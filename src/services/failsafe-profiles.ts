// The site's fail-safe on each charger (issue 17 item 3): a TxDefaultProfile on connector 0 at the site's
// failsafeCurrentA, so a charger that loses the central system falls back to a draw the grid connection can take
// on every connector at once. Sent after each BootNotification we Accepted (a boot, or a reconnection that boots),
// once the BootNotification's answer has gone out (STYLE.md habit 4, as the pending AuthorizationKey delivery in
// authorization-keys.ts), recorded in the command log as system:failsafe. A refusal is logged there and here.
import * as store from '../store/index.js';
import type { ServiceDeps } from './deps.js';
import type { ChargingProfileService, LimitOutcome } from './charging-profiles.js';

export interface FailsafeProfiles {
  /** Sends the fail-safe of the station's site; null when the station belongs to no site (nothing to send). */
  send(stationId: number): Promise<LimitOutcome | null>;
  /** Resolves when no fail-safe sent after a boot is still under way (tests, shutdown). */
  settled(): Promise<void>;
}

export function makeFailsafeProfiles(d: ServiceDeps, profiles: Pick<ChargingProfileService, 'setCurrentLimit'>): FailsafeProfiles {
  const underWay = new Set<Promise<unknown>>();

  async function send(stationId: number): Promise<LimitOutcome | null> {
    const station = await store.stations.getStation(d.db, stationId);
    const site = station.siteId === null ? null : await store.sites.findSite(d.db, station.siteId);
    if (!site) {
      d.log.debug({ stationId }, 'station belongs to no site: no fail-safe TxDefaultProfile');
      return null;
    }
    const outcome = await profiles.setCurrentLimit(
      { stationId, connectorId: 0, limitA: site.failsafeCurrentA, purpose: 'TxDefaultProfile', transactionId: null }, 'failsafe');
    const log = d.log.child({ stationId, chargeBoxId: station.chargeBoxId, siteId: site.id });
    if (outcome === 'Accepted') log.info({ failsafeCurrentA: site.failsafeCurrentA }, 'fail-safe TxDefaultProfile installed');
    else log.warn({ outcome, failsafeCurrentA: site.failsafeCurrentA }, 'fail-safe TxDefaultProfile not installed: the charger keeps its own default if it loses us');
    return outcome;
  }

  // This node's boots only: the node that answered the BootNotification sends, once (shared/events.ts).
  d.events.on('station.booted', (e) => {
    if (e.registrationStatus !== 'Accepted') return;
    // setImmediate: the event is emitted while the BootNotification is being answered; the CALL leaves after it.
    setImmediate(() => {
      const sending = send(e.stationId)
        .catch((err: unknown) => d.log.error({ err, stationId: e.stationId }, 'fail-safe TxDefaultProfile failed'))
        .finally(() => underWay.delete(sending));
      underWay.add(sending);
    });
  });

  return {
    send,
    async settled() {
      while (underWay.size > 0) await Promise.all(underWay);
    },
  };
}
