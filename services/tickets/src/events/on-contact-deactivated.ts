import type { contactDeactivatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { deactivateContact } from '../persistence/contact.repository.js';

/** A deactivated contact can no longer be picked for a new ticket. */
export function onContactDeactivated(event: Envelope<EventData<typeof contactDeactivatedV1>>, tx: Tx): Promise<void> {
  return deactivateContact(tx, event.data.contactId, event.data.customerId, event.aggregate.version);
}
