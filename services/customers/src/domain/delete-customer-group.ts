import { customerGroupDeletedV1, customerUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { deleteCustomerGroup as deleteCustomerGroupRow } from '../persistence/customer-group.repository.js';
import { findCustomersInGroup, updateCustomer } from '../persistence/customer.repository.js';
import { customerSnapshot } from './customer.js';
import { requireCustomerGroup } from './customer-group.js';
import { versionAfterRemoval } from './removal.js';

/**
 * Its customers leave the group first, each with a customer.updated, so that a projection of the
 * customers stays right without knowing what a group deletion implies.
 */
export function deleteCustomerGroup(db: CustomersDatabase, id: string): Promise<void> {
  return db.transaction(async (tx) => {
    await requireCustomerGroup(tx, id);
    for (const member of await findCustomersInGroup(tx, id)) {
      const customer = await updateCustomer(tx, member.id, { groupId: null });
      await recordEvent(tx, 'customers', customerUpdatedV1, customer, customerSnapshot(customer));
    }
    const deleted = await deleteCustomerGroupRow(tx, id);
    await recordEvent(tx, 'customers', customerGroupDeletedV1, versionAfterRemoval(deleted), { groupId: id });
  });
}
