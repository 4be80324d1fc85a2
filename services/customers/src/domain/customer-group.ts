import type { customerGroupCreatedV1, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { findCustomerGroup, type CustomerGroup } from '../persistence/customer-group.repository.js';
import { CustomerGroupNotFoundError } from './errors.js';

export async function requireCustomerGroup(tx: Tx, id: string): Promise<CustomerGroup> {
  const group = await findCustomerGroup(tx, id);
  if (!group) throw new CustomerGroupNotFoundError(id);
  return group;
}

export function customerGroupSnapshot(group: CustomerGroup): EventData<typeof customerGroupCreatedV1> {
  return { groupId: group.id, name: group.name };
}
