// When the load balancer runs (issue 17 item 3): a session starts or stops on a site's station, a site or its
// stations change, a charger of a site boots, and every LOAD_BALANCE_INTERVAL_S for changes in measured draw.
// Runs for one site are serialized and coalesced by the balancer itself (services/serial-runs.ts).
//
// In a cluster (issue 15, "Jobs run once") the node holding the job lock balances, every site: it hears every
// node's events (onClusterWide) and its limits reach chargers held by any node through the ChargerCommands port.
// The others do nothing. One balancer means one view of each site's refusals and low draws, and runs on a site
// never race each other across nodes. When the holder dies, the next holder's first interval run re-sends
// whatever the chargers did not accept (the balancer compares with what they accepted, which is in PostgreSQL).
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { LoadBalancer } from '../services/load-balancer.js';
import type { ChargingProfileService } from '../services/charging-profiles.js';
import type { SiteService } from '../services/sites.js';
import type { StationService } from '../services/stations.js';
import type { LoadTrigger } from '../domain/load-decisions.js';

export interface LoadBalancingDeps {
  balancer: LoadBalancer;
  /** The site's fail-safe TxDefaultProfile for a station that joins it, or all its stations when it changes; cleared
   * from a station that leaves. */
  profiles: Pick<ChargingProfileService, 'sendFailsafe' | 'clearFailsafe'>;
  sites: Pick<SiteService, 'get'>;
  stations: Pick<StationService, 'view'>;
  events: EventBus;
  log: Logger;
  intervalS: number;
  /** Run the interval (tests call balanceAll themselves). */
  schedule: boolean;
  /** Cluster mode: whether this node balances now (cluster/job-lock.ts); absent: always. */
  runsJobs?: (() => Promise<boolean>) | undefined;
}

export interface LoadBalancing {
  stop(): void;
  settled(): Promise<void>;
}

export function balanceLoads(d: LoadBalancingDeps): LoadBalancing {
  const underWay = new Set<Promise<void>>();
  let stopped = false;

  /** Work for this node only while it balances; setImmediate: the event came while its message is answered, and
   * the charger must have our answer (its transactionId) before a TxProfile naming it (STYLE.md habit 4). */
  const when = (what: string, work: () => Promise<unknown>) => setImmediate(() => {
    if (stopped) return;
    const doing = (async () => {
      if (d.runsJobs && !(await d.runsJobs())) return;
      await work();
    })().catch((err: unknown) => d.log.error({ err, what }, 'load balancing trigger failed'))
      .finally(() => underWay.delete(doing));
    underWay.add(doing);
  });

  // The site of each station whose boot or site change was heard (null: none), so that the starts and stops of
  // stations in no site, nearly all of them, cost no read; a station not heard of yet is looked up.
  const siteOf = new Map<number, number | null>();
  const station = (trigger: LoadTrigger) => (e: { stationId: number }) => {
    const siteId = siteOf.get(e.stationId);
    if (siteId === null) return;
    when(trigger, () => (siteId === undefined ? d.balancer.balanceStation(e.stationId, trigger) : d.balancer.balance(siteId, trigger)));
  };

  const offs = [
    d.events.onClusterWide('session.started', station('session-started')),
    d.events.onClusterWide('session.stopped', station('session-stopped')),
    d.events.onClusterWide('station.booted', (e) => {
      siteOf.set(e.stationId, e.siteId);
      if (e.registrationStatus !== 'Accepted' || e.siteId === null) return;
      d.balancer.forgetRefusals(e.stationId);
      const { siteId } = e;
      when('charger-booted', () => d.balancer.balance(siteId, 'charger-booted'));
    }),
    d.events.onClusterWide('site.updated', (e) => {
      if (e.stationId !== null) siteOf.delete(e.stationId); // it may have joined or left: read it again when needed
      if (e.change === 'balanced' || e.change === 'removed') return;
      when('site-changed', () => Promise.all([
        sendFailsafes(d, e), d.balancer.balance(e.siteId, e.change === 'settings' ? 'site-changed' : 'stations-changed'),
      ]));
    }),
  ];
  const timer = d.schedule ? setInterval(() => when('interval', () => d.balancer.balanceAll('interval')), d.intervalS * 1000) : null;

  return {
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const off of offs) off();
      d.balancer.stop();
    },
    async settled() {
      while (underWay.size > 0) await Promise.all(underWay);
      await d.balancer.settled();
    },
  };
}

/**
 * A station that joined gets the site's fail-safe, one that left has it cleared (it would keep it as its default for
 * good); a new failsafeCurrentA goes to every station of the site. A station that moved is told by the event of the
 * site it joined (the one it left has one too).
 */
async function sendFailsafes(d: LoadBalancingDeps, e: { siteId: number; change: string; stationId: number | null; fields: string[] }): Promise<void> {
  if (e.change === 'stations' && e.stationId !== null && e.fields.includes('siteId')) {
    const { siteId } = await d.stations.view(e.stationId);
    if (siteId === e.siteId) await d.profiles.sendFailsafe(e.stationId);
    else if (siteId === null) await d.profiles.clearFailsafe(e.stationId);
    return;
  }
  if (e.change !== 'settings' || !e.fields.includes('failsafeCurrentA')) return;
  const site = await d.sites.get(e.siteId);
  await Promise.all(site.stations.map((s) => d.profiles.sendFailsafe(s.stationId)));
}
