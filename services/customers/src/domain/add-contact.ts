import { contactAddedV1, contactLoginEnabledV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertContact, type Contact } from '../persistence/contact.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { contactSnapshot } from './contact.js';
import { emailTakenRefusal } from './contact-email.js';
import { requireCustomer } from './customer.js';
import type { CustomerAccess } from './customer-access.js';
import { invitationOnCreation, invitesOnCreation, portalSwitches, type Invitation } from './portal-settings.js';

export interface NewContact {
  firstName: string;
  lastName: string;
  email: string;
}

export interface AddedContact {
  contact: Contact;
  invitation: Invitation;
}

/**
 * From the customer's settings or while an agent creates a ticket: the same contact either way.
 * `access`: whose contacts an address already in use may name (see emailClash).
 *
 * A person creates it, so it is invited to the portal at once (seed 000) while the portal is
 * available and the invitation email is on: created with login enabled, and contact.login_enabled
 * recorded beside contact.added, both at the contact's first version (the gateway issues the
 * invitation on it, see its contact-order.ts). Contacts made from inbound mail are not (contact-by-email.ts).
 */
export function addContact(db: CustomersDatabase, access: CustomerAccess, customerId: string, input: NewContact): Promise<AddedContact> {
  const email = input.email.toLowerCase();
  const added = db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const portal = await portalSwitches(tx);
    const invite = invitesOnCreation(portal);
    const contact = await insertContact(tx, {
      customerId,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      email,
      portalState: invite ? 'invited' : 'none',
    });
    await recordEvent(tx, 'customers', contactAddedV1, contact, contactSnapshot(contact));
    if (invite) await recordEvent(tx, 'customers', contactLoginEnabledV1, contact, contactSnapshot(contact));
    return { contact, invitation: invitationOnCreation(portal, contact.email) };
  });
  // Asked after the failed transaction ended, on a connection of its own.
  return onDuplicate(added, () => emailTakenRefusal(db.client, access, email));
}
