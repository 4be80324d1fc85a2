import type { CustomersDatabase } from '../persistence/client.js';
import { listCustomerGroups as listCustomerGroupRows, type CustomerGroup } from '../persistence/customer-group.repository.js';
import type { CustomerAccess } from './customer-access.js';

/** The groups the caller may see: all, or those holding a customer they reach or none at all. */
export function listCustomerGroups(db: CustomersDatabase, access: CustomerAccess): Promise<CustomerGroup[]> {
  return listCustomerGroupRows(db.client, access === 'all' ? undefined : access);
}
