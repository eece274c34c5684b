// Maintenance issues and their comments.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import {
  OPEN_ISSUE_STATUSES, SERVICE_AFFECTING_SOURCES, type IssueComment, type IssueSource, type IssueStatus, type MaintenanceIssue, type NewIssue,
} from '../domain/maintenance-issues.js';
import type { Db } from './db.js';
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
  /** Only open and in-progress issues. */
  openOnly?: boolean;
  limit?: number;
  offset?: number;
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

export async function listIssues(db: Db, f: IssueFilter = {}): Promise<MaintenanceIssue[]> {
  const t = maintenanceIssues;
  const rows = await db.select().from(t).where(and(
    f.stationId === undefined ? undefined : eq(t.stationId, f.stationId),
    f.connectorId === undefined ? undefined : eq(t.connectorId, f.connectorId),
    f.status === undefined ? undefined : eq(t.status, f.status),
    f.openOnly ? isOpen : undefined,
  )).orderBy(desc(t.openedAt), desc(t.id)).limit(f.limit ?? 100).offset(f.offset ?? 0);
  return rows.map(toIssue);
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
