// The load balancer's runs on a site (issue 17 item 3): load_decisions, totals in tenths of an ampere per phase.
import { desc, eq } from 'drizzle-orm';
import { fromTenths, toTenths } from '../domain/sites.js';
import type { DecidedLimit, LoadDecision, LoadTrigger, NewLoadDecision } from '../domain/load-decisions.js';
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

/** The site's latest runs, newest first (index load_decisions_site). */
export async function listLoadDecisions(db: Db, siteId: number, limit: number): Promise<LoadDecision[]> {
  const rows = await db.select().from(loadDecisions).where(eq(loadDecisions.siteId, siteId))
    .orderBy(desc(loadDecisions.decidedAt), desc(loadDecisions.id)).limit(limit);
  return rows.map(toDecision);
}
