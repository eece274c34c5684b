// The answers of the accounts, tokens and sign-in-link routes, as the client receives them (dates as ISO strings).
// A token's secret appears only in the answer that issues it.
import { z } from 'zod';
import { ROLES } from '../../domain/staff.js';

const id = z.number().int();
const at = z.iso.datetime();
const role = z.enum(ROLES);

export const PrincipalResponse = z.strictObject({
  accountId: id.nullable().meta({ description: 'null: the bootstrap admin of ADMIN_TOKEN' }),
  name: z.string(),
  role,
});

export const AccountResponse = z.strictObject({
  id,
  name: z.string(),
  role,
  createdAt: at,
  disabledAt: at.nullable(),
});

export const TokenResponse = z.strictObject({
  id,
  accountId: id,
  label: z.string(),
  createdAt: at,
  revokedAt: at.nullable(),
});

export const IssuedTokenResponse = TokenResponse.extend({
  token: z.string().meta({ description: 'The bearer token: in this answer only (only its hash is kept)' }),
});

export const RedeemedLinkResponse = z.strictObject({
  token: z.string().meta({ description: 'A new API token of the link\'s account: in this answer only' }),
  accountId: id,
  name: z.string(),
  role,
});
