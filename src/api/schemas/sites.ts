// The answers of the sites routes, as the client receives them (dates as ISO strings). Currents are A per phase,
// at most one decimal (domain/sites.ts).
import { z } from 'zod';
import { LIMIT_REASONS, type LimitReason } from '../../domain/load-allocation.js';
import type { LoadTrigger, SentOutcome } from '../../domain/load-decisions.js';
import { LOAD_STRATEGIES } from '../../domain/sites.js';

const id = z.number().int();
const at = z.iso.datetime();
const amperes = z.number();

// The domain has these as types only: listed here, and kept to the types by `satisfies`.
const TRIGGERS = ['session-started', 'session-stopped', 'site-changed', 'stations-changed', 'charger-booted', 'interval', 'follow-up'] as const satisfies readonly LoadTrigger[];
const SENT = ['Accepted', 'Rejected', 'NotSupported', 'call-error', 'offline', 'timeout', 'went-down', 'not-sent'] as const satisfies readonly SentOutcome[];
const reason = z.enum(Object.keys(LIMIT_REASONS) as [LimitReason, ...LimitReason[]]);
const sent = z.enum(SENT).meta({ description: 'The charger\'s answer to the profile sent; not-sent: it had that limit already' });

const SiteStation = z.strictObject({
  stationId: id,
  chargeBoxId: z.string(),
  name: z.string().nullable(),
  maxCurrentA: amperes.nullable().meta({ description: 'The charger\'s rating per connector; null: only the site limits it' }),
  priority: z.number().int(),
});

export const SiteResponse = z.strictObject({
  id,
  name: z.string(),
  maxCurrentA: amperes,
  phases: z.union([z.literal(1), z.literal(3)]),
  voltageV: z.number().int(),
  minCurrentA: amperes,
  failsafeCurrentA: amperes,
  strategy: z.enum(LOAD_STRATEGIES),
  createdAt: at,
  updatedAt: at,
  stations: z.array(SiteStation),
});

const SessionLoad = z.strictObject({
  sessionId: id,
  stationId: id,
  connectorId: z.number().int(),
  startedAt: at,
  limitA: amperes.nullable().meta({ description: 'null before the balancer first ran for it' }),
  reason: reason.nullable(),
  reasonText: z.string().nullable(),
  sent: sent.nullable(),
  measuredA: amperes.nullable(),
});

const DecidedLimit = z.strictObject({
  sessionId: id,
  stationId: id,
  connectorId: z.number().int(),
  transactionId: id,
  limitA: amperes.meta({ description: '0: paused' }),
  reason,
  measuredA: amperes.nullable(),
  sent,
});

const LoadDecision = z.strictObject({
  id,
  siteId: id,
  trigger: z.enum(TRIGGERS),
  decidedAt: at,
  limits: z.array(DecidedLimit),
  allocatedA: amperes,
  measuredA: amperes.nullable(),
});

export const SiteDetailResponse = SiteResponse.extend({
  load: z.strictObject({
    allocatedA: amperes,
    measuredA: amperes.nullable().meta({ description: 'null when no session has a measurement yet' }),
    sessions: z.array(SessionLoad),
    decisions: z.array(LoadDecision).meta({ description: 'Newest first' }),
  }),
});

export const LoadPointResponse = z.strictObject({ at, allocatedA: amperes, measuredA: amperes.nullable() });
