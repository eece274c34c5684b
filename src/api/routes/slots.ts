import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam, idQuery } from '../validation.js';

export function slotRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/slots', tag: 'slots', role: 'viewer',
      summary: 'Slots (one per connector) with their status now (available, booked, in_use, inactive), the booking covering now and the next ones',
      query: z.strictObject({ stationId: idQuery('stationId').optional() }),
      handle: ({ query }) => s.slots.list(query),
    }),
    route({
      method: 'get', path: '/slots/:slotId', tag: 'slots', role: 'viewer', summary: 'One slot, as in the list',
      params: z.object({ slotId: idParam('slotId') }), handle: ({ params }) => s.slots.get(params.slotId),
    }),
  ];
}
