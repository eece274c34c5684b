// The driver API's answers (issue 19), as the client receives them (dates as ISO strings).
import { z } from 'zod';

export const DriverAccountResponse = z.strictObject({
  customerId: z.number().int(),
  name: z.string(),
  email: z.string(),
  appIdTag: z.string().meta({ description: 'The id tag issued for the app: the one its remote starts use' }),
  appIdTagId: z.number().int(),
  createdAt: z.iso.datetime(),
});

export const DriverSignInResponse = z.strictObject({
  account: DriverAccountResponse,
  token: z.string().meta({ description: 'The driver token (Authorization: Bearer …): shown in this answer only' }),
  expiresAt: z.iso.datetime(),
});

export const DriverInvitationResponse = z.strictObject({
  invitationId: z.number().int(),
  customerId: z.number().int(),
  url: z.string().meta({ description: 'The one-time link to hand the customer (the app, with the token in its #fragment): shown in this answer only' }),
  expiresAt: z.iso.datetime(),
});

export const DriverInvitationPeekResponse = z.strictObject({
  customerName: z.string(),
  email: z.string().nullable().meta({ description: 'The customer record\'s email (the account\'s unless the invitee gives another); null: none' }),
});
