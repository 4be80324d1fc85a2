import type { contactUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { updateContactDetails } from '../persistence/contact-account.repository.js';

/** A contact signs in with their current email address. */
export function onContactUpdated(event: Envelope<EventData<typeof contactUpdatedV1>>, tx: Tx): Promise<void> {
  return updateContactDetails(tx, event.data, new Date(event.occurredAt));
}
