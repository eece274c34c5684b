// The answers of the issues routes, as the client receives them (dates as ISO strings).
import { z } from 'zod';
import { ISSUE_STATUSES, type IssueSource } from '../../domain/maintenance-issues.js';

export const ISSUE_SOURCES = ['staff', 'fault', 'security'] as const satisfies readonly IssueSource[];

const id = z.number().int();
const at = z.iso.datetime();

export const IssueResponse = z.strictObject({
  id,
  stationId: id,
  connectorId: z.number().int().meta({ description: '0: the station as a whole' }),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(ISSUE_STATUSES),
  source: z.enum(ISSUE_SOURCES).meta({ description: 'staff opened it, a Faulted report (fault) or a security event did' }),
  faultErrorCode: z.string().nullable().meta({ description: 'The OCPP errorCode of the Faulted report that opened it' }),
  openedBy: z.string(),
  openedAt: at,
  updatedAt: at,
  resolvedAt: at.nullable(),
  closedAt: at.nullable(),
});

export const IssueCommentResponse = z.strictObject({ id, issueId: id, author: z.string(), body: z.string(), createdAt: at });

export const IssueDetailResponse = IssueResponse.extend({ comments: z.array(IssueCommentResponse) });
