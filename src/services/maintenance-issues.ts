// Maintenance issues: staff open them, a Faulted StatusNotification opens one by itself (services/connectors.ts),
// and staff move them through domain/maintenance-issues.ts. Every change is announced as 'issue.changed'
// after its commit.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import type { DomainEvents, EventBus } from '../shared/events.js';
import type { Principal } from '../domain/staff.js';
import {
  acceptsComments, allowedNextStatuses, moveIssue, type IssueComment, type IssueStatus, type MaintenanceIssue,
} from '../domain/maintenance-issues.js';
import type { Page } from '../domain/paging.js';
import type { IssueFilter } from '../store/maintenance-issues.js';
import type { PageRequest } from '../store/keyset.js';
import type { ServiceDeps } from './deps.js';

export interface OpenIssueInput {
  stationId: number;
  connectorId: number;
  title: string;
  description?: string | null;
}

export type IssueDetail = MaintenanceIssue & { comments: IssueComment[] };

export function emitIssueChanged(events: EventBus, change: DomainEvents['issue.changed']['change'], issue: MaintenanceIssue): void {
  events.emit('issue.changed', { change, issue });
}

function illegalTransition(issue: MaintenanceIssue, to: IssueStatus): AppError {
  const allowed = allowedNextStatuses(issue.status);
  const next = allowed.length ? `it can only become ${allowed.join(' or ')}` : 'it is final';
  return new AppError('Conflict', `issue ${issue.id} is ${issue.status}; ${next}, not ${to}`,
    { field: 'status', currentStatus: issue.status, allowed });
}

/** Maintenance issues for staff; each change is announced as issue.changed after its commit. */
export interface IssueService {
  /** A new issue opened by staff; NotFound naming stationId. */
  open(input: OpenIssueInput, by: Principal): Promise<MaintenanceIssue>;
  /** Issues newest first, a page at a time; by station, connector, status, source, open, or the start of the title. */
  page(filter: IssueFilter, page: PageRequest): Promise<Page<MaintenanceIssue>>;
  /** The newest 500 issues of the filter, for callers that want the rows alone. */
  list(filter: IssueFilter): Promise<MaintenanceIssue[]>;
  /** Open and in-progress issues of these stations (all when omitted) that put a connector under maintenance: what
   * the dashboard marks, and what blocks a remote start (not a security issue: domain SERVICE_AFFECTING_SOURCES). */
  listOpen(stationIds?: readonly number[]): Promise<MaintenanceIssue[]>;
  /** One issue with its comments; NotFound naming issueId. */
  get(issueId: number): Promise<IssueDetail>;
  /** Moves the issue along its lifecycle; NotFound, or Conflict naming the current status for an illegal step. */
  move(issueId: number, to: IssueStatus): Promise<MaintenanceIssue>;
  /** A comment by staff; NotFound, or Conflict once the issue is closed. */
  comment(issueId: number, body: string, by: Principal): Promise<IssueComment>;
}

export function makeIssueService(d: ServiceDeps): IssueService {
  return {
    async open(input: OpenIssueInput, by: Principal): Promise<MaintenanceIssue> {
      const issue = await inTransaction(d.db, async (tx) => {
        await store.stations.getStation(tx, input.stationId); // 404 naming stationId
        return store.maintenanceIssues.insertIssue(tx, {
          stationId: input.stationId, connectorId: input.connectorId, title: input.title,
          description: input.description ?? null, source: 'staff', faultErrorCode: null,
          openedBy: by.name, openedAt: d.clock.now(),
        });
      });
      emitIssueChanged(d.events, 'opened', issue);
      return issue;
    },

    page: (filter: IssueFilter, page: PageRequest) => store.maintenanceIssues.listIssues(d.db, filter, page),
    list: async (filter: IssueFilter) => (await store.maintenanceIssues.listIssues(d.db, filter, { limit: 500 })).items,
    listOpen: (stationIds?: readonly number[]) => store.maintenanceIssues.listOpenIssues(d.db, stationIds),

    async get(issueId: number): Promise<IssueDetail> {
      const issue = await store.maintenanceIssues.getIssue(d.db, issueId);
      return { ...issue, comments: await store.maintenanceIssues.listComments(d.db, issueId) };
    },

    async move(issueId: number, to: IssueStatus): Promise<MaintenanceIssue> {
      const issue = await inTransaction(d.db, async (tx) => {
        const current = await store.maintenanceIssues.getIssueForUpdate(tx, issueId);
        const moved = moveIssue(current, to, d.clock.now());
        if (!moved.ok) throw illegalTransition(current, to);
        return store.maintenanceIssues.updateIssueStatus(tx, moved.value);
      });
      emitIssueChanged(d.events, 'status', issue);
      return issue;
    },

    async comment(issueId: number, body: string, by: Principal): Promise<IssueComment> {
      const { issue, comment } = await inTransaction(d.db, async (tx) => {
        const current = await store.maintenanceIssues.getIssueForUpdate(tx, issueId);
        if (!acceptsComments(current.status)) {
          throw new AppError('Conflict', `issue ${issueId} is ${current.status}; open a new issue instead`,
            { field: 'issueId', currentStatus: current.status });
        }
        const at = d.clock.now();
        const added = await store.maintenanceIssues.insertComment(tx, { issueId, author: by.name, body, createdAt: at });
        return { issue: await store.maintenanceIssues.touchIssue(tx, issueId, at), comment: added };
      });
      emitIssueChanged(d.events, 'comment', issue);
      return comment;
    },
  };
}
