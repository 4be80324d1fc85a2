import type { customerCreatedV1, customerUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { saveCustomer } from '../persistence/customer.repository.js';

type CustomerSnapshot = EventData<typeof customerCreatedV1> | EventData<typeof customerUpdatedV1>;

/** customer.created and customer.updated both carry the whole customer: keep its name, portal setting, group and email domains. */
export function onCustomerSnapshot(event: Envelope<CustomerSnapshot>, tx: Tx): Promise<void> {
  const { customerId, name, portalTicketVisibility, groupId, emailDomains } = event.data;
  return saveCustomer(tx, { id: customerId, name, portalTicketVisibility, groupId, emailDomains }, event.aggregate.version);
}
