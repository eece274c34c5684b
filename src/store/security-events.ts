// SecurityEventNotifications as chargers reported them, and the open issue a critical one joins.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Page } from '../domain/paging.js';
import { timeIdKey } from '../domain/session-filters.js';
import { afterKey, orderOf, readPage, type PageRequest } from './keyset.js';
import { OPEN_ISSUE_STATUSES } from '../domain/maintenance-issues.js';
import type { NewSecurityEvent, SecurityEvent } from '../domain/security-events.js';
import type { Db } from './db.js';
import { maintenanceIssues, securityEvents, stations } from './schema/index.js';

export async function insertSecurityEvent(db: Db, e: NewSecurityEvent): Promise<SecurityEvent> {
  const rows = await db.insert(securityEvents).values(e).returning();
  return rows[0]!;
}

/** One charger's security events, newest first (by the charger's time, then by arrival). */
export async function listSecurityEvents(db: Db, stationId: number, page: PageRequest): Promise<Page<SecurityEvent>> {
  const t = securityEvents;
  const key = [t.occurredAt, t.id];
  return readPage(page, (limit, offset) => db.select().from(t)
    .where(and(eq(t.stationId, stationId), afterKey(key, page.cursor, 'desc')))
    .orderBy(...orderOf(key, 'desc')).limit(limit).offset(offset), (r) => timeIdKey(r.occurredAt, r.id));
}

/**
 * The open issue an earlier event of this type at this station opened, if any: a critical event joins it rather
 * than opening another. The issue keeps no event type of its own; its events say which it is.
 */
export async function findOpenIssueForEventType(db: Db, stationId: number, type: string): Promise<number | null> {
  const rows = await db.select({ issueId: maintenanceIssues.id }).from(securityEvents)
    .innerJoin(maintenanceIssues, eq(maintenanceIssues.id, securityEvents.issueId))
    .where(and(
      eq(securityEvents.stationId, stationId), eq(securityEvents.type, type),
      inArray(maintenanceIssues.status, [...OPEN_ISSUE_STATUSES]),
    ))
    .orderBy(desc(maintenanceIssues.id)).limit(1);
  return rows[0]?.issueId ?? null;
}

/**
 * Locks the station's row until the transaction ends, so two critical events of one station are decided one
 * after the other: the second sees the issue the first opened (on PostgreSQL both could otherwise find none).
 * Returns false when the station does not exist.
 */
export async function lockStation(db: Db, stationId: number): Promise<boolean> {
  const rows = await db.select({ id: stations.id }).from(stations).where(eq(stations.id, stationId)).for('update');
  return rows.length > 0;
}
