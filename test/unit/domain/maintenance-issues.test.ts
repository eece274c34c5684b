import { describe, expect, it } from 'vitest';
import {
  ISSUE_STATUSES, acceptsComments, faultIssue, isOpenIssue, moveIssue, resolveClearedFault,
  type IssueStatus, type MaintenanceIssue,
} from '../../../src/domain/maintenance-issues.js';

const opened = new Date('2026-03-01T10:00:00Z');
const at = new Date('2026-03-01T11:00:00Z');
const issue = (status: IssueStatus, o: Partial<MaintenanceIssue> = {}): MaintenanceIssue => ({
  id: 1, stationId: 7, connectorId: 1, title: 't', description: null, status, source: 'staff', faultErrorCode: null,
  openedBy: 'ops', openedAt: opened, updatedAt: opened, resolvedAt: null, closedAt: null, ...o,
});

const legal: Array<[IssueStatus, IssueStatus]> = [['open', 'in_progress'], ['in_progress', 'resolved'], ['resolved', 'closed']];
const everyPair = ISSUE_STATUSES.flatMap((from) => ISSUE_STATUSES.map((to) => [from, to] as const));

describe('issue state machine', () => {
  it.each(everyPair)('%s → %s', (from, to) => {
    const result = moveIssue(issue(from), to, at);
    const isLegal = legal.some(([f, t]) => f === from && t === to);
    expect(result.ok).toBe(isLegal);
    if (result.ok) expect(result.value).toMatchObject({ status: to, updatedAt: at });
    else expect(result.error).toBe('IllegalTransition');
  });

  it('stamps resolvedAt on resolving and closedAt on closing, keeping the earlier stamp', () => {
    const resolved = moveIssue(issue('in_progress'), 'resolved', at);
    expect(resolved).toMatchObject({ ok: true, value: { resolvedAt: at, closedAt: null } });
    const later = new Date('2026-03-02T09:00:00Z');
    const closed = moveIssue(issue('resolved', { resolvedAt: at }), 'closed', later);
    expect(closed).toMatchObject({ ok: true, value: { resolvedAt: at, closedAt: later } });
  });

  it.each([['open', true], ['in_progress', true], ['resolved', true], ['closed', false]] as const)(
    'a %s issue accepts comments: %s', (status, accepts) => expect(acceptsComments(status)).toBe(accepts));
});

describe('faultIssue', () => {
  it('names the connector and the errorCode, and keeps info and vendorErrorCode', () => {
    const r = { stationId: 7, connectorId: 2, errorCode: 'GroundFailure', info: 'RCD tripped', vendorErrorCode: 'E12' };
    expect(faultIssue(r, at)).toEqual({
      stationId: 7, connectorId: 2, title: 'Connector 2 faulted: GroundFailure', description: 'info: RCD tripped; vendorErrorCode: E12',
      source: 'fault', faultErrorCode: 'GroundFailure', openedBy: 'charger', openedAt: at,
    });
  });

  it('names the station as a whole for connector 0', () => {
    const r = { stationId: 7, connectorId: 0, errorCode: 'PowerSwitchFailure', info: null, vendorErrorCode: null };
    expect(faultIssue(r, at)).toMatchObject({ title: 'Station faulted: PowerSwitchFailure', description: null });
  });
});

it.each([['open', true], ['in_progress', true], ['resolved', false], ['closed', false]] as const)(
  'a %s issue is open to the dashboard: %s', (status, open) => expect(isOpenIssue(status)).toBe(open));

describe('resolveClearedFault', () => {
  const fault = (status: IssueStatus) => issue(status, { source: 'fault', faultErrorCode: 'GroundFailure' });
  const reportedAt = new Date('2026-03-01T10:59:00Z');
  const cleared = { status: 'Available', errorCode: 'NoError', at: reportedAt };

  it.each([
    ['an open fault, cleared', fault('open'), cleared, null],
    ['an in-progress fault, cleared', fault('in_progress'), cleared, null],
    ['a staff issue', issue('open'), cleared, 'NotAFault'],
    ['a resolved fault', fault('resolved'), cleared, 'NotOpen'],
    ['Faulted again', fault('open'), { ...cleared, status: 'Faulted' }, 'NotCleared'],
    ['Available with an error code', fault('open'), { ...cleared, errorCode: 'HighTemperature' }, 'NotCleared'],
  ] as const)('%s', (_name, current, report, error) => {
    const result = resolveClearedFault(current, report, at);
    if (error) return expect(result).toEqual({ ok: false, error });
    expect(result).toEqual({
      ok: true,
      value: {
        issue: { ...current, status: 'resolved', updatedAt: at, resolvedAt: at },
        note: 'resolved automatically: connector reported Available/NoError at 2026-03-01T10:59:00.000Z',
      },
    });
  });
});
