// Maintenance issues of a connector, or of a whole station (connectorId 0, as in OCPP 1.6 §4.9). Staff open
// them, and a Faulted StatusNotification opens one by itself. The lifecycle is open → in_progress → resolved
// → closed, as data; nothing goes back (a fault after a resolution is a new issue, not a reopened one).
import { err, ok, type Result } from '../shared/result.js';

export const ISSUE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
/** staff: opened by staff; fault: by a Faulted StatusNotification; security: by a critical SecurityEventNotification. */
export type IssueSource = 'staff' | 'fault' | 'security';

/**
 * The sources whose open issues put a connector (or, on connector 0, the station) under maintenance: remote starts
 * are refused and slots are inactive. A security issue does not: the whitepaper's critical events include a boot,
 * a reboot, a firmware update and a clock change, which a working charger sends in normal operation, and whether
 * it can charge is what its StatusNotification says (a Faulted one opens a fault issue). It asks staff to look.
 */
export const SERVICE_AFFECTING_SOURCES = ['staff', 'fault'] as const satisfies readonly IssueSource[];

/** "Open" to the dashboard: someone still has to act. The partial unique index uses the same two. */
export const OPEN_ISSUE_STATUSES = ['open', 'in_progress'] as const satisfies readonly IssueStatus[];

export interface MaintenanceIssue {
  id: number;
  stationId: number;
  /** 0 = the station as a whole. */
  connectorId: number;
  title: string;
  description: string | null;
  status: IssueStatus;
  source: IssueSource;
  /** The OCPP errorCode of the Faulted report that opened it (source 'fault'). */
  faultErrorCode: string | null;
  openedBy: string;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

export type NewIssue = Omit<MaintenanceIssue, 'id' | 'status' | 'updatedAt' | 'resolvedAt' | 'closedAt'>;

export interface IssueComment {
  id: number;
  issueId: number;
  author: string;
  body: string;
  createdAt: Date;
}

const allowed = {
  open: ['in_progress'],
  in_progress: ['resolved'],
  resolved: ['closed'],
  closed: [],
} as const satisfies Record<IssueStatus, readonly IssueStatus[]>;

export function allowedNextStatuses(from: IssueStatus): readonly IssueStatus[] {
  return allowed[from];
}

export const isOpenIssue = (status: IssueStatus): boolean => (OPEN_ISSUE_STATUSES as readonly IssueStatus[]).includes(status);

/** A closed issue is the record of what was done; a later note belongs on a new issue. */
export const acceptsComments = (status: IssueStatus): boolean => status !== 'closed';

/** Moves an issue to `to` at `at`, stamping when it was resolved or closed. */
export function moveIssue(issue: MaintenanceIssue, to: IssueStatus, at: Date): Result<MaintenanceIssue, 'IllegalTransition'> {
  if (!allowedNextStatuses(issue.status).includes(to)) return err('IllegalTransition');
  return ok({
    ...issue,
    status: to,
    updatedAt: at,
    resolvedAt: to === 'resolved' ? at : issue.resolvedAt,
    closedAt: to === 'closed' ? at : issue.closedAt,
  });
}

export interface FaultReport {
  stationId: number;
  connectorId: number;
  errorCode: string;
  info: string | null;
  vendorErrorCode: string | null;
}

/** The issue a Faulted StatusNotification opens (OCPP 1.6 §4.9: errorCode says what failed). */
export function faultIssue(r: FaultReport, at: Date): NewIssue {
  const where = r.connectorId === 0 ? 'Station' : `Connector ${r.connectorId}`;
  const details = [r.info && `info: ${r.info}`, r.vendorErrorCode && `vendorErrorCode: ${r.vendorErrorCode}`].filter(Boolean);
  return {
    stationId: r.stationId,
    connectorId: r.connectorId,
    title: `${where} faulted: ${r.errorCode}`,
    description: details.length ? details.join('; ') : null,
    source: 'fault',
    faultErrorCode: r.errorCode,
    openedBy: 'charger',
    openedAt: at,
  };
}

export interface ClearedReport {
  status: string;
  errorCode: string;
  /** When the connector reported it (the charger's time when it sent one). */
  at: Date;
}

/**
 * A fault's own issue resolves itself when its connector reports a non-faulted status with NoError: the charger
 * opened it, and the charger says it cleared (OCPP 1.6 §4.9). Issues staff opened stay until staff resolve them.
 * Skips in_progress: the step staff would take is implied. Returns the resolved issue and the note to keep.
 */
export function resolveClearedFault(issue: MaintenanceIssue, report: ClearedReport, at: Date)
  : Result<{ issue: MaintenanceIssue; note: string }, 'NotAFault' | 'NotOpen' | 'NotCleared'> {
  if (issue.source !== 'fault') return err('NotAFault');
  if (!isOpenIssue(issue.status)) return err('NotOpen');
  if (report.status === 'Faulted' || report.errorCode !== 'NoError') return err('NotCleared');
  return ok({
    issue: { ...issue, status: 'resolved', updatedAt: at, resolvedAt: at },
    note: `resolved automatically: connector reported ${report.status}/${report.errorCode} at ${report.at.toISOString()}`,
  });
}
