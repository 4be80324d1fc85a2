import { contactDeactivatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { fullName, requireActiveContact } from './contact.js';
import { ContactChangedMeanwhileError } from './errors.js';
import { removeFromNotificationGroups } from './notification-group.js';

/**
 * Keeps the contact for the history, frees its email for a new active contact, and ends its portal
 * access: revoked at the gateway first, for the same reason as a move (see move-contact.ts).
 */
export async function deactivateContact(db: CustomersDatabase, gateway: GatewayClient, id: string): Promise<Contact> {
  const current = await requireActiveContact(db.client, id);
  if (current.portalState !== 'none') await gateway.revokePortalAccess(id);
  return db.transaction(async (tx) => {
    const contact = await updateActiveContact(
      tx,
      id,
      { customerId: current.customerId, portalState: current.portalState },
      { active: false, portalState: 'none', deactivatedAt: new Date() },
    );
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await removeFromNotificationGroups(tx, current);
    await recordEvent(tx, 'customers', contactDeactivatedV1, { contactId: id, customerId: current.customerId });
    return contact;
  });
}
