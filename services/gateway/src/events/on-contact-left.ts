import type { contactCustomerChangedV1, contactDeactivatedV1, contactLoginDisabledV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { revokePortalAccess } from '../domain/revoke-portal-access.js';

type ContactLeft = EventData<typeof contactCustomerChangedV1> | EventData<typeof contactDeactivatedV1> | EventData<typeof contactLoginDisabledV1>;

/**
 * A moved or deactivated contact, or one whose login was disabled, loses portal access. The
 * customers service already revoked it synchronously before the change; this makes sure of it
 * whatever happened in between.
 */
export function onContactLeft(event: Envelope<ContactLeft>, tx: Tx): Promise<void> {
  return revokePortalAccess(tx, event.data.contactId, event.aggregate.version);
}
