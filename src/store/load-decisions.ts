// The load balancer's runs on a site (issue 17 item 3): load_decisions, totals in tenths of an ampere per phase.
import { and, asc, desc, eq, gte, lt, ne, or, sql } from 'drizzle-orm';
import { fromTenths, toTenths } from '../domain/sites.js';
import type { DecidedLimit, LoadDecision, LoadPoint, LoadTrigger, NewLoadDecision } from '../domain/load-decisions.js';
import type { Db } from './db.js';
import { loadDecisions } from './schema/index.js';

type DecisionRow = typeof loadDecisions.$inferSelect;

const toDecision = (r: DecisionRow): LoadDecision => ({
  id: r.id, siteId: r.siteId, trigger: r.trigger as LoadTrigger, decidedAt: r.decidedAt, limits: r.limits as DecidedLimit[],
  allocatedA: fromTenths(r.allocatedDeciamps), measuredA: r.measuredDeciamps === null ? null : fromTenths(r.measuredDeciamps),
});

export async function insertLoadDecision(db: Db, d: NewLoadDecision): Promise<LoadDecision> {
  const rows = await db.insert(loadDecisions).values({
    siteId: d.siteId, trigger: d.trigger, decidedAt: d.decidedAt, limits: d.limits,
    allocatedDeciamps: toTenths(d.allocatedA), measuredDeciamps: d.measuredA === null ? null : toTenths(d.measuredA),
  }).returning();
  return toDecision(rows[0]!);
}

// An interval run that sent nothing is kept for the measured history, but says nothing about why the limits are
// what they are: the decisions staff read leave it out.
const telling = or(ne(loadDecisions.trigger, 'interval'),
  sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${loadDecisions.limits}) l WHERE l->>'sent' <> 'not-sent')`);

/** The site's latest runs that changed something or that an event asked for, newest first (index load_decisions_site). */
export async function listLoadDecisions(db: Db, siteId: number, limit: number): Promise<LoadDecision[]> {
  const rows = await db.select().from(loadDecisions).where(and(eq(loadDecisions.siteId, siteId), telling))
    .orderBy(desc(loadDecisions.decidedAt), desc(loadDecisions.id)).limit(limit);
  return rows.map(toDecision);
}

/** The latest run, whatever it did: the limits in force on the sessions it covered. */
export async function findLatestLoadDecision(db: Db, siteId: number): Promise<LoadDecision | null> {
  const rows = await db.select().from(loadDecisions).where(eq(loadDecisions.siteId, siteId))
    .orderBy(desc(loadDecisions.decidedAt), desc(loadDecisions.id)).limit(1);
  return rows[0] ? toDecision(rows[0]) : null;
}

/** Every run since then, oldest first: the site's allocated and measured totals over time. */
export async function listLoadHistory(db: Db, siteId: number, since: Date): Promise<LoadPoint[]> {
  const rows = await db.select({ at: loadDecisions.decidedAt, allocated: loadDecisions.allocatedDeciamps, measured: loadDecisions.measuredDeciamps })
    .from(loadDecisions).where(and(eq(loadDecisions.siteId, siteId), gte(loadDecisions.decidedAt, since)))
    .orderBy(asc(loadDecisions.decidedAt), asc(loadDecisions.id));
  return rows.map((r) => ({ at: r.at, allocatedA: fromTenths(r.allocated), measuredA: r.measured === null ? null : fromTenths(r.measured) }));
}

/** Forgets the site's runs before then; the number forgotten. */
export async function deleteLoadDecisionsBefore(db: Db, siteId: number, before: Date): Promise<number> {
  const rows = await db.delete(loadDecisions).where(and(eq(loadDecisions.siteId, siteId), lt(loadDecisions.decidedAt, before)))
    .returning({ id: loadDecisions.id });
  return rows.length;
}
