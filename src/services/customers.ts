// Customers and the tags they own. A customer who still owns tags (or bookings) cannot be deleted (409):
// unlinking them silently would leave charging nobody is billed for; move or delete the tags first.
import * as store from '../store/index.js';
import { inTransaction, pgErrorCode } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import type { Customer } from '../domain/customers.js';
import type { IdTagRecord } from '../domain/model.js';
import type { CustomerFields, CustomerFilter } from '../store/customers.js';
import type { ServiceDeps } from './deps.js';

export type CustomerInput = { name: string } & Partial<Omit<CustomerFields, 'name'>>;
export type CustomerDetail = Customer & { idTags: IdTagRecord[] };

const FOREIGN_KEY_VIOLATION = '23503';

export function makeCustomerService(d: ServiceDeps) {
  return {
    create: (c: CustomerInput) =>
      store.customers.insertCustomer(d.db, { name: c.name, email: c.email ?? null, phone: c.phone ?? null }, d.clock.now()),

    list: (filter: CustomerFilter) => store.customers.listCustomers(d.db, filter),

    async get(customerId: number): Promise<CustomerDetail> {
      const customer = await store.customers.getCustomer(d.db, customerId);
      const idTags = await store.idTags.listCustomerTags(d.db, customerId);
      return { ...customer, idTags };
    },

    update: (customerId: number, change: Partial<CustomerFields>) =>
      store.customers.updateCustomer(d.db, customerId, change, d.clock.now()),

    async remove(customerId: number): Promise<void> {
      try {
        await inTransaction(d.db, async (tx) => {
          await store.customers.getCustomerForUpdate(tx, customerId);
          const tags = await store.idTags.countCustomerTags(tx, customerId);
          if (tags > 0) {
            throw new AppError('Conflict', `customer ${customerId} still owns ${tags} id tag(s); move or delete them first`,
              { field: 'customerId', idTags: tags });
          }
          await store.customers.deleteCustomer(tx, customerId);
        });
      } catch (err) {
        // Bookings refer to customers too: the foreign keys are the last word on what still needs this customer.
        if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) {
          throw new AppError('Conflict', `customer ${customerId} is still referred to (bookings or id tags)`, { field: 'customerId' });
        }
        throw err;
      }
    },
  };
}
export type CustomerService = ReturnType<typeof makeCustomerService>;
