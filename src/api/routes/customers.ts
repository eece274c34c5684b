// Customers (reads: viewer; writes: operator). Deleting a customer who still owns id tags is a 409.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { requestOrigin } from '../request-origin.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { CustomerDetailResponse, CustomerResponse } from '../schemas/customers.js';
import { DriverInvitationResponse } from '../schemas/drivers.js';

const CustomerId = z.object({ customerId: idParam('customerId') });

const name = z.string({ error: 'name must be a string' }).trim().min(1, 'name must not be empty').max(200);
const email = z.email({ error: 'email must be an email address' }).max(254);
const phone = z.string({ error: 'phone must be a string' }).trim().min(1, 'phone must not be empty').max(40);

const CreateCustomer = z.object({ name, email: email.nullable().optional(), phone: phone.nullable().optional() }).strict();
const UpdateCustomer = z.object({ name: name.optional(), email: email.nullable().optional(), phone: phone.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, email, phone');

const CustomerListQuery = pagedQuery(['string', 'number'], {
  q: z.string().trim().min(1, 'q must not be empty').max(254, 'q must be at most 254 characters')
    .meta({ description: 'The start of the name or of the email, without regard to case' }).optional(),
  name: z.string().trim().min(1, 'name must not be empty').max(200)
    .meta({ description: 'A part of the name, without regard to case (older; q is indexed)' }).optional(),
});

export function customerRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/customers', tag: 'customers', role: 'viewer',
      summary: 'Customers, sorted by name then id, paged (limit, cursor; offset for older clients); ?q= finds the start of '
        + 'the name or email, ?name= a part of the name, both without regard to case',
      query: CustomerListQuery, paged: true, response: CustomerResponse,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.customers.list(filter, page);
      },
    }),
    route({
      method: 'post', path: '/customers', tag: 'customers', role: 'operator', status: 201, summary: 'Create a customer',
      body: CreateCustomer, response: CustomerResponse,
      handle: ({ body }) => s.customers.create(body),
    }),
    route({
      method: 'get', path: '/customers/:customerId', tag: 'customers', role: 'viewer', summary: 'One customer with their id tags',
      params: CustomerId, response: CustomerDetailResponse,
      handle: ({ params }) => s.customers.get(params.customerId),
    }),
    route({
      method: 'patch', path: '/customers/:customerId', tag: 'customers', role: 'operator',
      summary: 'Change a customer; null clears email or phone',
      params: CustomerId, body: UpdateCustomer, response: CustomerResponse,
      handle: ({ params, body }) => s.customers.update(params.customerId, body),
    }),
    route({
      method: 'post', path: '/customers/:customerId/driver-invitation', tag: 'customers', role: 'operator', status: 201,
      summary: 'Invite the customer to the driver app: a one-time link (valid DRIVER_INVITATION_TTL_S) that makes their '
        + 'driver account with a password of their choice, even when DRIVER_SIGNUP=false. The link is on PUBLIC_URL, or '
        + 'this request\'s origin; 409 (details.reason has_account) when the customer has an account already',
      params: CustomerId, response: DriverInvitationResponse,
      handle: ({ params, principal, req }) =>
        s.driverInvitations.invite(params.customerId, principal, requestOrigin(req)),
    }),
    route({
      method: 'delete', path: '/customers/:customerId', tag: 'customers', role: 'operator', status: 204,
      summary: 'Delete a customer; 409 while they still own id tags (move or delete those first)',
      params: CustomerId,
      handle: ({ params }) => s.customers.remove(params.customerId),
    }),
  ];
}
