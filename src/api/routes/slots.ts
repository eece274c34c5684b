// Slots (one per connector) as staff see them: each with its status now and its bookings (viewer).
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam, idQuery } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { SLOT_STATUSES, SlotResponse } from '../schemas/slots.js';

const SlotListQuery = pagedQuery(['number', 'number'], {
  stationId: idQuery('stationId').optional(),
  q: z.string().trim().min(1, 'q must not be empty').max(100, 'q must be at most 100 characters')
    .meta({ description: 'The start of the slot code (the chargeBoxId, a dash, the connector), without regard to case' }).optional(),
  status: z.enum(SLOT_STATUSES, { error: `status must be one of ${SLOT_STATUSES.join(', ')}` })
    .meta({ description: 'The status now (derived, not stored: the slots are read along the list until the page is full)' }).optional(),
});

export function slotRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/slots', tag: 'slots', role: 'viewer',
      summary: 'Slots (one per connector), by station then connector, paged (limit, cursor; offset), with their status now '
        + '(available, booked, in_use, inactive), the booking covering now and the next ones; of one station, q: the start of '
        + 'the code, status: the status now',
      query: SlotListQuery, paged: true, response: SlotResponse,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.slots.page(filter, page);
      },
    }),
    route({
      method: 'get', path: '/slots/:slotId', tag: 'slots', role: 'viewer', summary: 'One slot, as in the list',
      params: z.object({ slotId: idParam('slotId') }), response: SlotResponse, handle: ({ params }) => s.slots.get(params.slotId),
    }),
  ];
}
