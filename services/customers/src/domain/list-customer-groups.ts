import type { CustomersDatabase } from '../persistence/client.js';
import { listCustomerGroups as listCustomerGroupRows, type CustomerGroup } from '../persistence/customer-group.repository.js';

export function listCustomerGroups(db: CustomersDatabase): Promise<CustomerGroup[]> {
  return listCustomerGroupRows(db.client);
}
