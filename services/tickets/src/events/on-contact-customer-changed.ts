import type { contactCustomerChangedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { moveContact } from '../persistence/contact.repository.js';

/** The contact now belongs to the new customer; their old tickets keep them as their contact (the history says who). */
export function onContactCustomerChanged(event: Envelope<EventData<typeof contactCustomerChangedV1>>, tx: Tx): Promise<void> {
  return moveContact(tx, event.data.contactId, event.data.toCustomerId, event.aggregate.version);
}
