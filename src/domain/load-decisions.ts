// The load balancer's facts and records (issue 17 item 3): a session charging on a site as the balancer reads it,
// and what one run decided and sent (stored in load_decisions, shown on GET /api/sites/{id}).
import type { LimitReason } from './load-allocation.js';
import type { Site, SiteStationView } from './sites.js';

/** A running session on one of a site's stations: the session id IS the OCPP transactionId. */
export interface SiteSession {
  sessionId: number;
  stationId: number;
  connectorId: number;
  startedAt: Date;
  /** The latest Power.Active.Import of the session (MeterValues), and when it was measured; null before the first. */
  powerW: number | null;
  measuredAt: Date | null;
}

/** Everything one run reads, in one statement (store/site-loads.ts). */
export interface SiteLoadFacts {
  site: Site;
  stations: SiteStationView[];
  sessions: SiteSession[];
}

/** Why a run happened. */
export type LoadTrigger =
  | 'session-started' | 'session-stopped' | 'site-changed' | 'stations-changed' | 'charger-booted' | 'interval' | 'follow-up';

/** The charger's answer to the profile sent (services/charging-profiles.ts LimitOutcome), or 'not-sent' when unchanged. */
export type SentOutcome = 'Accepted' | 'Rejected' | 'NotSupported' | 'call-error' | 'offline' | 'timeout' | 'went-down' | 'not-sent';

export interface DecidedLimit {
  sessionId: number;
  stationId: number;
  connectorId: number;
  transactionId: number;
  /** A per phase; 0 = paused. */
  limitA: number;
  reason: LimitReason;
  /** Its latest draw per phase, when measured. */
  measuredA: number | null;
  sent: SentOutcome;
}

export interface LoadDecision {
  id: number;
  siteId: number;
  trigger: LoadTrigger;
  decidedAt: Date;
  limits: DecidedLimit[];
  allocatedA: number;
  /** The sessions' measured draw summed, per phase; null when none has a measurement. */
  measuredA: number | null;
}

export type NewLoadDecision = Omit<LoadDecision, 'id'>;

/** A site's totals at one run, per phase: its history. */
export interface LoadPoint { at: Date; allocatedA: number; measuredA: number | null }

/** Whether a run changed anything the chargers were told (a decision worth announcing and keeping). */
export const sentAnything = (limits: DecidedLimit[]): boolean => limits.some((l) => l.sent !== 'not-sent');
