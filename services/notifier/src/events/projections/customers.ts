import type { customerCreatedV1, customerGroupCreatedV1, customerGroupDeletedV1, customerGroupUpdatedV1, EventData, Envelope } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveCustomer, saveCustomerGroup } from '../../persistence/projections.repository.js';

/** customer.created / customer.updated: name and group (conditions on customer or group, placeholders). */
export function onCustomerSnapshot(event: Envelope<EventData<typeof customerCreatedV1>>, tx: Tx): Promise<void> {
  const { customerId, name, groupId } = event.data;
  return saveCustomer(tx, { id: customerId, name, groupId }, event.aggregate.version);
}

export function onCustomerGroupSnapshot(event: Envelope<EventData<typeof customerGroupCreatedV1 | typeof customerGroupUpdatedV1>>, tx: Tx): Promise<void> {
  return saveCustomerGroup(tx, event.data.groupId, event.data.name, event.aggregate.version);
}

export function onCustomerGroupDeleted(event: Envelope<EventData<typeof customerGroupDeletedV1>>, tx: Tx): Promise<void> {
  return saveCustomerGroup(tx, event.data.groupId, null, event.aggregate.version);
}
