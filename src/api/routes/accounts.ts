// Staff accounts and API tokens (admin), and who am I (anyone with a token).
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../domain/staff.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { AccountResponse, IssuedTokenResponse, PrincipalResponse, TokenResponse } from '../schemas/accounts.js';

const AccountId = z.object({ accountId: idParam('accountId') });
const role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

export function accountRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/me', tag: 'accounts', role: 'viewer', summary: 'The account behind this token', response: PrincipalResponse,
      handle: async ({ principal }) => principal,
    }),
    route({
      method: 'get', path: '/accounts', tag: 'accounts', role: 'admin', summary: 'List staff accounts, by id', response: z.array(AccountResponse),
      handle: () => s.staff.listAccounts(),
    }),
    route({
      method: 'post', path: '/accounts', tag: 'accounts', role: 'admin', status: 201, summary: 'Create a staff account', response: AccountResponse,
      body: z.object({ name: z.string().trim().min(1).max(64), role }).strict(),
      handle: ({ body }) => s.staff.createAccount(body),
    }),
    route({
      method: 'get', path: '/accounts/:accountId', tag: 'accounts', role: 'admin', summary: 'One staff account', response: AccountResponse,
      params: AccountId, handle: ({ params }) => s.staff.getAccount(params.accountId),
    }),
    route({
      method: 'patch', path: '/accounts/:accountId', tag: 'accounts', role: 'admin', summary: 'Change a role, or disable an account', response: AccountResponse,
      params: AccountId, body: z.object({ role: role.optional(), disabled: z.boolean().optional() }).strict(),
      handle: ({ params, body }) => s.staff.updateAccount(params.accountId, body),
    }),
    route({
      method: 'get', path: '/accounts/:accountId/tokens', tag: 'accounts', role: 'admin', summary: 'The account\'s API tokens (never their secrets), by id',
      response: z.array(TokenResponse),
      params: AccountId, handle: ({ params }) => s.staff.listTokens(params.accountId),
    }),
    route({
      method: 'post', path: '/accounts/:accountId/tokens', tag: 'accounts', role: 'admin', status: 201,
      summary: 'Issue an API token; the token is in this answer only', response: IssuedTokenResponse,
      params: AccountId, body: z.object({ label: z.string().trim().min(1).max(64) }).strict(),
      handle: async ({ params, body }) => {
        const { token, record } = await s.staff.issueToken(params.accountId, body.label);
        return { ...record, token };
      },
    }),
    route({
      method: 'delete', path: '/tokens/:tokenId', tag: 'accounts', role: 'admin', summary: 'Revoke an API token', response: TokenResponse,
      params: z.object({ tokenId: idParam('tokenId') }), handle: ({ params }) => s.staff.revokeToken(params.tokenId),
    }),
  ];
}
