import { contactLoginEnabledV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { contactSnapshot, fullName, requireActiveContact } from './contact.js';
import type { CustomerAccess } from './customer-access.js';
import { ContactChangedMeanwhileError, PortalAccessAlreadyActiveError, PortalSwitchedOffError } from './errors.js';
import { invitationOnEnable, portalSwitches, type Invitation } from './portal-settings.js';

/**
 * Marks the contact invited and records contact.login_enabled, on which the gateway issues the
 * invitation. Enabling again while invited sends a new one (the gateway voids the previous link);
 * that includes a contact invited when it was created.
 *
 * Refused while the portal is switched off (this service's projection of the customer apps): nobody
 * could sign in. With the invitation email off, login is enabled all the same and the answer says that
 * no email went out (the notifier, authoritative at send, sends none); enabling again once it is on sends one.
 *
 * A contact this service sees as active may have lost their login at the gateway: a move or
 * deactivation that revoked it there and then failed to commit here. So the gateway, which decides
 * who signs in, is asked; only a contact who can sign in there for this customer is refused.
 */
export async function enablePortalLogin(
  db: CustomersDatabase,
  gateway: GatewayClient,
  access: CustomerAccess,
  id: string,
): Promise<{ contact: Contact; invitation: Invitation }> {
  const current = await requireActiveContact(db.client, id, access);
  const portal = await portalSwitches(db.client);
  if (!portal.available) throw new PortalSwitchedOffError();
  if (current.portalState === 'active') {
    const access = await gateway.portalAccess(id);
    if (access.status === 'active' && access.customerId === current.customerId) throw new PortalAccessAlreadyActiveError(fullName(current));
  }
  const contact = await db.transaction(async (tx) => {
    const contact = await updateActiveContact(tx, id, { version: current.version }, { portalState: 'invited' });
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await recordEvent(tx, 'customers', contactLoginEnabledV1, contact, contactSnapshot(contact));
    return contact;
  });
  return { contact, invitation: invitationOnEnable(portal, contact.email) };
}
