// Maintenance issues and their comments.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import {
  OPEN_ISSUE_STATUSES, SERVICE_AFFECTING_SOURCES, type IssueComment, type IssueSource, type IssueStatus, type MaintenanceIssue, type NewIssue,
} from '../domain/maintenance-issues.js';
import type { Page } from '../domain/paging.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, startsWith, type PageRequest } from './keyset.js';
import { issueComments, maintenanceIssues } from './schema/index.js';

type IssueRow = typeof maintenanceIssues.$inferSelect;

const toIssue = (r: IssueRow): MaintenanceIssue => ({
  id: r.id, stationId: r.stationId, connectorId: r.connectorId, title: r.title, description: r.description,
  status: r.status as IssueStatus, source: r.source as IssueSource, faultErrorCode: r.faultErrorCode,
  openedBy: r.openedBy, openedAt: r.openedAt, updatedAt: r.updatedAt, resolvedAt: r.resolvedAt, closedAt: r.closedAt,
});

const notFound = (id: number) => new AppError('NotFound', `issue ${id} does not exist`, { field: 'issueId' });
const isOpen = inArray(maintenanceIssues.status, [...OPEN_ISSUE_STATUSES]);

export interface IssueFilter {
  stationId?: number;
  connectorId?: number;
  status?: IssueStatus;
  source?: IssueSource;
  /** Only open and in-progress issues (the partial index maintenance_issues_open). */
  openOnly?: boolean;
  /** The start of the title, without regard to case (index maintenance_issues_title_prefix). */
  q?: string;
}

export async function insertIssue(db: Db, i: NewIssue): Promise<MaintenanceIssue> {
  const rows = await db.insert(maintenanceIssues).values({ ...i, status: 'open', updatedAt: i.openedAt }).returning();
  return toIssue(rows[0]!);
}

/** The issue a fault opened (in the status statement, store/connectors.ts recordStatusReports), given its new id. */
export const openedFaultIssue = (id: number, i: NewIssue): MaintenanceIssue => ({
  ...i, id, source: 'fault', status: 'open', updatedAt: i.openedAt, resolvedAt: null, closedAt: null,
});

export async function getIssue(db: Db, id: number): Promise<MaintenanceIssue> {
  const rows = await db.select().from(maintenanceIssues).where(eq(maintenanceIssues.id, id)).limit(1);
  if (!rows[0]) throw notFound(id);
  return toIssue(rows[0]);
}

/** Locks the issue: transitions and comments of one issue are applied one after the other. */
export async function getIssueForUpdate(db: Db, id: number): Promise<MaintenanceIssue> {
  const rows = await db.select().from(maintenanceIssues).where(eq(maintenanceIssues.id, id)).for('update').limit(1);
  if (!rows[0]) throw notFound(id);
  return toIssue(rows[0]);
}

// The list's order: newest first, by opening time then id, both descending (index maintenance_issues_opened and
// the (filter, opened_at, id) ones); the cursor carries both.
const sortKey = [maintenanceIssues.openedAt, maintenanceIssues.id];

/** Issues newest first, a page at a time. */
export async function listIssues(db: Db, f: IssueFilter, p: PageRequest): Promise<Page<MaintenanceIssue>> {
  const t = maintenanceIssues;
  const where = and(
    f.stationId === undefined ? undefined : eq(t.stationId, f.stationId),
    f.connectorId === undefined ? undefined : eq(t.connectorId, f.connectorId),
    f.status === undefined ? undefined : eq(t.status, f.status),
    f.source === undefined ? undefined : eq(t.source, f.source),
    f.openOnly ? isOpen : undefined,
    f.q === undefined ? undefined : startsWith(t.title, f.q),
    afterKey(sortKey, p.cursor, 'desc'),
  );
  return readPage(p, async (limit, offset) => (await db.select().from(t).where(where)
    .orderBy(...orderOf(sortKey, 'desc')).limit(limit).offset(offset)).map(toIssue), (i) => [i.openedAt.toISOString(), i.id]);
}

/**
 * The open and in-progress issues of these stations (all stations when omitted), for the dashboard: a
 * connector shows "maintenance" while one names it or the whole station (domain underMaintenance). Only the
 * sources that take a charger out of service (SERVICE_AFFECTING_SOURCES): a security issue is listed by listIssues.
 */
export async function listOpenIssues(db: Db, stationIds?: readonly number[]): Promise<MaintenanceIssue[]> {
  if (stationIds && stationIds.length === 0) return [];
  const t = maintenanceIssues;
  const rows = await db.select().from(t)
    .where(and(isOpen, inArray(t.source, [...SERVICE_AFFECTING_SOURCES]), stationIds ? inArray(t.stationId, [...stationIds]) : undefined))
    .orderBy(asc(t.stationId), asc(t.connectorId), asc(t.id));
  return rows.map(toIssue);
}

export async function updateIssueStatus(db: Db, i: MaintenanceIssue): Promise<MaintenanceIssue> {
  const rows = await db.update(maintenanceIssues)
    .set({ status: i.status, updatedAt: i.updatedAt, resolvedAt: i.resolvedAt, closedAt: i.closedAt })
    .where(eq(maintenanceIssues.id, i.id)).returning();
  if (!rows[0]) throw notFound(i.id);
  return toIssue(rows[0]);
}

export async function touchIssue(db: Db, id: number, at: Date): Promise<MaintenanceIssue> {
  const rows = await db.update(maintenanceIssues).set({ updatedAt: at }).where(eq(maintenanceIssues.id, id)).returning();
  if (!rows[0]) throw notFound(id);
  return toIssue(rows[0]);
}

export async function insertComment(db: Db, c: Omit<IssueComment, 'id'>): Promise<IssueComment> {
  const rows = await db.insert(issueComments).values(c).returning();
  return rows[0]!;
}

export async function listComments(db: Db, issueId: number): Promise<IssueComment[]> {
  return db.select().from(issueComments).where(eq(issueComments.issueId, issueId))
    .orderBy(asc(issueComments.createdAt), asc(issueComments.id));
}
