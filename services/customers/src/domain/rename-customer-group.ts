import { customerGroupUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { renameCustomerGroup as renameCustomerGroupRow, type CustomerGroup } from '../persistence/customer-group.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { customerGroupSnapshot, requireCustomerGroup } from './customer-group.js';
import { CustomerGroupNameTakenError } from './errors.js';

export function renameCustomerGroup(db: CustomersDatabase, id: string, input: { name: string }): Promise<CustomerGroup> {
  return db.transaction(async (tx) => {
    await requireCustomerGroup(tx, id);
    const name = input.name.trim();
    const group = await onDuplicate(renameCustomerGroupRow(tx, id, name), () => new CustomerGroupNameTakenError(name));
    await recordEvent(tx, 'customers', customerGroupUpdatedV1, group, customerGroupSnapshot(group));
    return group;
  });
}
