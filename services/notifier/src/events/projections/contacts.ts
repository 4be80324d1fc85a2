import type { contactAddedV1, contactCustomerChangedV1, contactDeactivatedV1, EventData, Envelope } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { deactivateContact, moveContact, saveContact } from '../../persistence/projections.repository.js';

type ContactSnapshot = EventData<typeof contactAddedV1>;

/** contact.added / contact.updated: names, address and customer (whole state). */
export function onContactSnapshot(event: Envelope<ContactSnapshot>, tx: Tx): Promise<void> {
  const { contactId, customerId, firstName, lastName, email } = event.data;
  return saveContact(tx, contactId, { customerId, firstName, lastName, email }, event.aggregate.version);
}

export function onContactCustomerChanged(event: Envelope<EventData<typeof contactCustomerChangedV1>>, tx: Tx): Promise<void> {
  return moveContact(tx, event.data.contactId, event.data.toCustomerId, event.aggregate.version);
}

export function onContactDeactivated(event: Envelope<EventData<typeof contactDeactivatedV1>>, tx: Tx): Promise<void> {
  return deactivateContact(tx, event.data.contactId, event.data.customerId, event.aggregate.version);
}

