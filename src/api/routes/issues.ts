// Maintenance issues (reads: viewer; writes: operator) of a connector or a whole station (connectorId 0).
// Status moves open → in_progress → resolved → closed (domain/maintenance-issues.ts); any other step is a 409
// naming the current status.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ISSUE_STATUSES } from '../../domain/maintenance-issues.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam, idQuery } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { ISSUE_SOURCES, IssueCommentResponse, IssueDetailResponse, IssueResponse } from '../schemas/issues.js';

const IssueId = z.object({ issueId: idParam('issueId') });
const MAX_INT = 2_147_483_647;

// connectorId 0 is the station as a whole (OCPP 1.6 §4.9), so it is not an id that starts at 1.
const connectorIdField = z.number({ error: 'connectorId must be an integer ≥ 0' })
  .int('connectorId must be an integer ≥ 0').min(0, 'connectorId must be an integer ≥ 0').max(MAX_INT);
const connectorIdQuery = z.string().regex(/^[0-9]+$/, 'connectorId must be an integer ≥ 0').transform(Number)
  .refine((n) => n <= MAX_INT, 'connectorId must be an integer ≥ 0');

const status = z.enum(ISSUE_STATUSES, { error: `status must be one of ${ISSUE_STATUSES.join(', ')}` });
const text = (field: string, max: number) =>
  z.string({ error: `${field} must be a string` }).trim().min(1, `${field} must not be empty`).max(max);

const OpenIssue = z.object({
  stationId: idField('stationId'),
  connectorId: connectorIdField,
  title: text('title', 200),
  description: text('description', 5000).nullable().optional(),
}).strict();

const IssueListQuery = pagedQuery(['date', 'number'], {
  stationId: idQuery('stationId').optional(),
  connectorId: connectorIdQuery.optional(),
  status: status.optional(),
  source: z.enum(ISSUE_SOURCES, { error: `source must be one of ${ISSUE_SOURCES.join(', ')}` }).optional(),
  open: z.enum(['true', 'false'], { error: 'open must be true or false' }).transform((v) => v === 'true').optional(),
  q: text('q', 200).meta({ description: 'The start of the title, without regard to case' }).optional(),
});

export function issueRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/issues', tag: 'issues', role: 'viewer',
      summary: 'Issues, newest first (openedAt then id, descending), paged (limit, cursor; offset for older clients); filter '
        + 'by station, connector (0 = whole station), status, source, open=true (open or in_progress), q (start of the title)',
      query: IssueListQuery, paged: true, response: IssueResponse,
      handle: ({ query }) => {
        const { filter: { open, ...filter }, page } = splitPage(query);
        return s.issues.page({ ...filter, ...(open === undefined ? {} : { openOnly: open }) }, page);
      },
    }),
    route({
      method: 'post', path: '/issues', tag: 'issues', role: 'operator', status: 201,
      summary: 'Open an issue on a connector, or on the whole station with connectorId 0',
      body: OpenIssue, response: IssueResponse,
      handle: ({ body, principal }) => s.issues.open(body, principal),
    }),
    route({
      method: 'get', path: '/issues/:issueId', tag: 'issues', role: 'viewer', summary: 'One issue with its comments, oldest first',
      params: IssueId, response: IssueDetailResponse,
      handle: ({ params }) => s.issues.get(params.issueId),
    }),
    route({
      method: 'patch', path: '/issues/:issueId', tag: 'issues', role: 'operator',
      summary: 'Move an issue: open → in_progress → resolved → closed; 409 naming the current status otherwise',
      params: IssueId, body: z.object({ status }).strict(), response: IssueResponse,
      handle: ({ params, body }) => s.issues.move(params.issueId, body.status),
    }),
    route({
      method: 'post', path: '/issues/:issueId/comments', tag: 'issues', role: 'operator', status: 201,
      summary: 'Comment on an issue (not on a closed one: 409)',
      params: IssueId, body: z.object({ body: text('body', 5000) }).strict(), response: IssueCommentResponse,
      handle: ({ params, body, principal }) => s.issues.comment(params.issueId, body.body, principal),
    }),
  ];
}
