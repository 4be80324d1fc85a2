import { customerGroupCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertCustomerGroup, type CustomerGroup } from '../persistence/customer-group.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { customerGroupSnapshot } from './customer-group.js';
import { CustomerGroupNameTakenError } from './errors.js';

export function createCustomerGroup(db: CustomersDatabase, input: { name: string }): Promise<CustomerGroup> {
  return db.transaction(async (tx) => {
    const name = input.name.trim();
    const group = await onDuplicate(insertCustomerGroup(tx, name), () => new CustomerGroupNameTakenError(name));
    await recordEvent(tx, 'customers', customerGroupCreatedV1, group, customerGroupSnapshot(group));
    return group;
  });
}
