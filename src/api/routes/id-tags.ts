// Id tags (reads: viewer; writes: operator): what Authorize and StartTransaction check. A tag is addressed by
// its integer id; its text (the card's OCPP idTag) is a property, unique without regard to case, and fixed once
// created (a new card is a new tag).
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam, idQuery, isoDateTime } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { IdTagResponse } from '../schemas/customers.js';

const IdTagId = z.object({ idTagId: idParam('idTagId') });

// OCPP 1.6 §7: idTags are CiString20Type, at most 20 printable ASCII characters.
const ciString20 = (field: string) => z.string({ error: `${field} must be a string` }).trim()
  .min(1, `${field} must not be empty`).max(20, `${field} must be at most 20 characters (OCPP CiString20)`)
  .regex(/^[\x20-\x7e]+$/, `${field} must be printable ASCII (OCPP CiString20)`);

const status = z.enum(['Accepted', 'Blocked'], { error: 'status must be Accepted or Blocked' });

const references = {
  status: status.optional(),
  expiryDate: isoDateTime('expiryDate').nullable().optional(),
  parentIdTag: ciString20('parentIdTag').nullable().optional(),
  customerId: idField('customerId').nullable().optional(),
};

const CreateIdTag = z.object({ idTag: ciString20('idTag'), ...references }).strict();
const UpdateIdTag = z.object(references).strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of status, expiryDate, parentIdTag, customerId');

const IdTagListQuery = pagedQuery(['string', 'number'], {
  customerId: idQuery('customerId').optional(),
  status: status.optional(),
  idTag: ciString20('idTag').meta({ description: 'The whole tag text, without regard to case' }).optional(),
  q: ciString20('q').meta({ description: 'The start of the tag text, without regard to case' }).optional(),
});

export function idTagRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/id-tags', tag: 'id-tags', role: 'viewer',
      summary: 'Id tags, sorted by the tag text then id, paged (limit, cursor; offset for older clients); filter by '
        + 'customer, status, the tag text (idTag) or its start (q), both without regard to case',
      query: IdTagListQuery, paged: true, response: IdTagResponse,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.idTags.list(filter, page);
      },
    }),
    route({
      method: 'post', path: '/id-tags', tag: 'id-tags', role: 'operator', status: 201,
      summary: 'Create an id tag; 409 if the tag exists in any case; 404 naming customerId or parentIdTag if unknown',
      body: CreateIdTag, response: IdTagResponse,
      handle: ({ body }) => s.idTags.create({
        idTag: body.idTag, status: body.status ?? 'Accepted', expiryDate: body.expiryDate ?? null,
        parentIdTag: body.parentIdTag ?? null, customerId: body.customerId ?? null,
      }),
    }),
    route({
      method: 'get', path: '/id-tags/:idTagId', tag: 'id-tags', role: 'viewer', summary: 'One id tag',
      params: IdTagId, response: IdTagResponse,
      handle: ({ params }) => s.idTags.get(params.idTagId),
    }),
    route({
      method: 'patch', path: '/id-tags/:idTagId', tag: 'id-tags', role: 'operator',
      summary: 'Block or unblock, change expiry, parent or customer (null clears); the next Authorize sees it',
      params: IdTagId, body: UpdateIdTag, response: IdTagResponse,
      handle: ({ params, body }) => s.idTags.update(params.idTagId, body),
    }),
    route({
      method: 'delete', path: '/id-tags/:idTagId', tag: 'id-tags', role: 'operator', status: 204,
      summary: 'Delete an id tag; 409 while other tags name it as their parent',
      params: IdTagId,
      handle: ({ params }) => s.idTags.remove(params.idTagId),
    }),
  ];
}
