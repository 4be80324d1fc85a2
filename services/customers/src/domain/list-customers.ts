import type { CustomersDatabase } from '../persistence/client.js';
import type { CustomerAccess } from './customer-access.js';
import { listCustomers as listCustomerRows, type Customer, type CustomerPageQuery } from '../persistence/customer.repository.js';

export interface CustomerPage {
  items: Customer[];
  /** The last item, when more customers follow it. */
  continueAfter?: Customer;
}

/** The customers the caller's teams reach, a page at a time. */
export async function listCustomers(db: CustomersDatabase, access: CustomerAccess, query: CustomerPageQuery): Promise<CustomerPage> {
  // One more than asked tells whether another page follows, without counting.
  const rows = await listCustomerRows(db.client, { ...query, limit: query.limit + 1, within: access === 'all' ? undefined : access });
  const items = rows.slice(0, query.limit);
  return rows.length > query.limit ? { items, continueAfter: items[items.length - 1] } : { items };
}
