import { customerUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateCustomer } from '../persistence/customer.repository.js';
import { customerSnapshot, requireCustomer } from './customer.js';
import { requireCustomerGroup } from './customer-group.js';

/** Idempotent: a customer that is not in this group (or in another one) is left as it is. */
export function removeCustomerFromGroup(db: CustomersDatabase, groupId: string, customerId: string): Promise<void> {
  return db.transaction(async (tx) => {
    await requireCustomerGroup(tx, groupId);
    const current = await requireCustomer(tx, customerId);
    if (current.groupId !== groupId) return;
    const customer = await updateCustomer(tx, customerId, { groupId: null });
    await recordEvent(tx, 'customers', customerUpdatedV1, customer, customerSnapshot(customer));
  });
}
