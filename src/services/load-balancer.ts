// The load balancer (issue 17 item 3): keeps each site's sessions within its grid connection. Runs are serialized
// per site and coalesced (serial-runs.ts); one run is load-balancing-run.ts; each run is recorded in load_decisions
// (for DECISIONS_KEPT_H), and one that changed something or that an event asked for is announced as site.updated. What it remembers between
// runs (low draw, refusals) is per session, in memory: after a restart or a change of the node that balances, the
// first run sends every session its limit again and finds the refusers again (a session without an accepted limit
// is always sent one).
//
// The triggers (events, the interval, and in a cluster which node balances) are jobs/load-balancing.ts.
import { findSiteIdOfStation, findSiteLoad } from '../store/site-loads.js';
import { deleteLoadDecisionsBefore, insertLoadDecision } from '../store/load-decisions.js';
import { listSites } from '../store/sites.js';
import type { SessionTrack } from '../domain/load-tracking.js';
import { sentAnything, type LoadTrigger, type SiteLoadFacts } from '../domain/load-decisions.js';
import type { ServiceDeps } from './deps.js';
import type { ChargingProfileService } from './charging-profiles.js';
import { runBalance } from './load-balancing-run.js';
import { SerialRuns } from './serial-runs.js';

export interface LoadBalancer {
  /** Balances the site soon; resolves when a run that started after this call has finished. */
  balance(siteId: number, trigger: LoadTrigger): Promise<void>;
  /** Balances the site of this station, if it belongs to one. */
  balanceStation(stationId: number, trigger: LoadTrigger): Promise<void>;
  /** Balances every site (the interval). */
  balanceAll(trigger: LoadTrigger): Promise<void>;
  /** The charger booted: its sessions are offered their limits again at the next run (it may take them now). */
  forgetRefusals(stationId: number): void;
  /** Resolves when no run is under way (tests, shutdown). */
  settled(): Promise<void>;
  /** No run starts after this. */
  stop(): void;
}

/**
 * A session whose charger did not answer a profile in time is offered one again after this (and at once when its
 * charger boots); one that answered with a refusal, or was offline, at the next interval run. Not every run: a
 * charger that does not answer holds its site's runs for the call timeout each time.
 */
export const SILENT_RETRY_S = 300;

/** A refusal this old is due to be asked again whatever the retry time. */
const LONG_AGO = new Date(0);

export interface LoadBalancerOptions {
  profiles: Pick<ChargingProfileService, 'setCurrentLimit' | 'acceptedTxLimits'>;
  /** LOAD_BALANCE_INTERVAL_S: a charger that answered a refusal is asked again at the next interval run. */
  intervalS: number;
}

/** The site's runs are kept this long: the measured history the dashboard charts, and the decisions to audit. */
export const DECISIONS_KEPT_H = 48;

/**
 * Every run is kept (each interval run's measured total is the site's history), except a run on a site without
 * sessions, unless the last of them just stopped: an empty site has nothing to tell.
 */
const worthRecording = (trigger: LoadTrigger, sessions: number): boolean => sessions > 0 || trigger === 'session-stopped';

export function makeLoadBalancer(d: ServiceDeps, o: LoadBalancerOptions): LoadBalancer {
  const tracksBySite = new Map<number, Map<number, SessionTrack>>();
  const rebooted = new Set<number>();
  const retry = { answeredS: o.intervalS, silentS: Math.max(o.intervalS, SILENT_RETRY_S) };
  let stopped = false;

  /** A charger that booted may take profiles now: its refusing sessions are asked again in this run (load-plan.ts probe). */
  function clearRefusals(facts: SiteLoadFacts, tracks: Map<number, SessionTrack>): void {
    for (const s of facts.sessions) {
      const t = tracks.get(s.sessionId);
      if (t?.refusedAt && rebooted.has(s.stationId)) tracks.set(s.sessionId, { ...t, refusedAt: LONG_AGO });
    }
    for (const st of facts.stations) rebooted.delete(st.stationId);
  }

  async function runOnce(siteId: number, trigger: LoadTrigger): Promise<void> {
    if (stopped) return;
    const log = d.log.child({ siteId });
    try {
      const facts = await findSiteLoad(d.db, siteId);
      if (!facts) return void tracksBySite.delete(siteId);
      const tracks = tracksBySite.get(siteId) ?? new Map<number, SessionTrack>();
      tracksBySite.set(siteId, tracks);
      clearRefusals(facts, tracks);
      const startedMs = Date.now();
      const now = d.clock.now();
      const out = await runBalance({ profiles: o.profiles, log, retry }, facts, tracks, now);
      const changed = sentAnything(out.limits);
      if (changed || worthRecording(trigger, out.limits.length)) {
        await insertLoadDecision(d.db, { siteId, trigger, decidedAt: now, limits: out.limits, allocatedA: out.allocatedA, measuredA: out.measuredA });
      }
      // An interval run that changed nothing is the common case: dashboards follow the draw from session.updated.
      if (changed || (trigger !== 'interval' && worthRecording(trigger, out.limits.length))) {
        d.events.emit('site.updated', { siteId, change: 'balanced', stationId: null, fields: [], at: d.clock.now() });
      }
      if (trigger === 'interval') await deleteLoadDecisionsBefore(d.db, siteId, new Date(now.getTime() - DECISIONS_KEPT_H * 3_600_000));
      const sent = out.limits.filter((l) => l.sent !== 'not-sent').length;
      log[changed ? 'info' : 'debug']({ trigger, sessions: out.limits.length, sent, allocatedA: out.allocatedA, measuredA: out.measuredA, ms: Date.now() - startedMs },
        `site ${facts.site.name} balanced`);
      if (out.followUp) void runs.request(siteId, 'follow-up');
    } catch (err) {
      log.error({ err, trigger }, 'load balancing run failed; the next trigger or interval tries again');
    }
  }

  const runs = new SerialRuns<number, LoadTrigger>(runOnce);

  return {
    balance: (siteId, trigger) => runs.request(siteId, trigger),
    async balanceStation(stationId, trigger) {
      const siteId = await findSiteIdOfStation(d.db, stationId);
      if (siteId !== null) await runs.request(siteId, trigger);
    },
    async balanceAll(trigger) {
      const sites = await listSites(d.db);
      await Promise.all(sites.map((s) => runs.request(s.id, trigger)));
    },
    forgetRefusals: (stationId) => void rebooted.add(stationId),
    settled: () => runs.settled(),
    stop() { stopped = true; },
  };
}
