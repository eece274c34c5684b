// Customers and the tags they own. A customer who still owns tags (or bookings) cannot be deleted (409):
// unlinking them silently would leave charging nobody is billed for; move or delete the tags first.
import * as store from '../store/index.js';
import { inTransaction, pgErrorCode } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import type { Customer } from '../domain/customers.js';
import type { IdTagRecord } from '../domain/model.js';
import type { Page } from '../domain/paging.js';
import type { CustomerFields, CustomerFilter } from '../store/customers.js';
import type { PageRequest } from '../store/keyset.js';
import type { ServiceDeps } from './deps.js';

export type CustomerInput = { name: string } & Partial<Omit<CustomerFields, 'name'>>;
export type CustomerDetail = Customer & { idTags: IdTagRecord[] };

const FOREIGN_KEY_VIOLATION = '23503';

/** Customers for staff: the people or fleets id tags (and bookings) belong to. */
export interface CustomerService {
  /** A new customer, created now. */
  create(c: CustomerInput): Promise<Customer>;
  /** Customers by name then id, a page at a time; q: the start of the name or email, name: a part of the name. */
  list(filter: CustomerFilter, page: PageRequest): Promise<Page<Customer>>;
  /** One customer with the tags it owns; NotFound naming customerId. */
  get(customerId: number): Promise<CustomerDetail>;
  /** Changes the given fields; NotFound naming customerId. */
  update(customerId: number, change: Partial<CustomerFields>): Promise<Customer>;
  /** NotFound naming customerId; Conflict while it still owns id tags or bookings. */
  remove(customerId: number): Promise<void>;
}

export function makeCustomerService(d: ServiceDeps): CustomerService {
  return {
    create: (c: CustomerInput) =>
      store.customers.insertCustomer(d.db, { name: c.name, email: c.email ?? null, phone: c.phone ?? null }, d.clock.now()),

    list: (filter: CustomerFilter, page: PageRequest) => store.customers.listCustomers(d.db, filter, page),

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
          // Invitations to the app point at the customer only; an accepted one means an app tag, refused above.
          await store.driverInvitations.deleteCustomerInvitations(tx, customerId);
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
