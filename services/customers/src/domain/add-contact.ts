import { contactAddedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertContact, type Contact } from '../persistence/contact.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { contactSnapshot } from './contact.js';
import { emailTakenRefusal } from './contact-email.js';
import { requireCustomer } from './customer.js';
import type { CustomerAccess } from './customer-access.js';

export interface NewContact {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * From the customer's settings or while an agent creates a ticket: the same contact either way.
 * `access`: whose contacts an address already in use may name (see emailClash).
 */
export function addContact(db: CustomersDatabase, access: CustomerAccess, customerId: string, input: NewContact): Promise<Contact> {
  const email = input.email.toLowerCase();
  const added = db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const contact = await insertContact(tx, { customerId, firstName: input.firstName.trim(), lastName: input.lastName.trim(), email });
    await recordEvent(tx, 'customers', contactAddedV1, contact, contactSnapshot(contact));
    return contact;
  });
  // Asked after the failed transaction ended, on a connection of its own.
  return onDuplicate(added, () => emailTakenRefusal(db.client, access, email));
}
