import type { Tx } from '../persistence/client.js';
import { updateActiveContact } from '../persistence/contact.repository.js';

/**
 * The contact accepted their invitation. Only an invited, active contact that still belongs to the
 * invitation's customer becomes active: an acceptance that arrives after a move, a deactivation or
 * a second delivery changes nothing.
 */
export async function activatePortalAccess(tx: Tx, invitation: { contactId: string; customerId: string }): Promise<void> {
  await updateActiveContact(tx, invitation.contactId, { customerId: invitation.customerId, portalState: 'invited' }, { portalState: 'active' });
}
