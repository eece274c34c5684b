// The answers of the customers and id-tags routes, as the client receives them (dates as ISO strings).
import { z } from 'zod';

const id = z.number().int();
const at = z.iso.datetime();

export const CustomerResponse = z.strictObject({
  id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: at,
  updatedAt: at,
});

export const IdTagResponse = z.strictObject({
  id,
  idTag: z.string().meta({ description: 'The card\'s OCPP idTag (CiString20), unique without regard to case' }),
  status: z.enum(['Accepted', 'Blocked']),
  expiryDate: at.nullable(),
  parentIdTag: z.string().nullable(),
  customerId: id.nullable(),
  createdAt: at,
  updatedAt: at,
});

export const CustomerDetailResponse = CustomerResponse.extend({ idTags: z.array(IdTagResponse) });
