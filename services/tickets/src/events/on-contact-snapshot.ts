import type { contactAddedV1, contactUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { saveContact } from '../persistence/contact.repository.js';

type ContactSnapshot = EventData<typeof contactAddedV1> | EventData<typeof contactUpdatedV1>;

/** contact.added and contact.updated both carry the whole contact. */
export function onContactSnapshot(event: Envelope<ContactSnapshot>, tx: Tx): Promise<void> {
  const { contactId, customerId, firstName, lastName, email } = event.data;
  return saveContact(tx, { id: contactId, customerId, firstName, lastName, email: email.toLowerCase() }, event.aggregate.version);
}
