import type { contactUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { updateContactDetails } from '../domain/update-contact-details.js';

export function onContactUpdated(event: Envelope<EventData<typeof contactUpdatedV1>>, tx: Tx): Promise<void> {
  return updateContactDetails(tx, event.data, event.aggregate.version);
}
