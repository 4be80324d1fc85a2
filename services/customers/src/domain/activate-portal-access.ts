import type { Tx } from '../persistence/client.js';
import { updateActiveContact } from '../persistence/contact.repository.js';

/**
 * The contact accepted their invitation. Only an invited, active contact that still belongs to the
 * invitation's customer, and has not lost portal access since login was enabled for the invitation
 * (`contactVersion`), becomes active: an acceptance that arrives after a move, a deactivation or a
 * second delivery changes nothing — also once the contact moved back and was invited again.
 */
export async function activatePortalAccess(tx: Tx, invitation: { contactId: string; customerId: string; contactVersion: number }): Promise<void> {
  await updateActiveContact(
    tx,
    invitation.contactId,
    { customerId: invitation.customerId, portalState: 'invited', portalAccessEndedVersion: { lte: invitation.contactVersion } },
    { portalState: 'active' },
  );
}
