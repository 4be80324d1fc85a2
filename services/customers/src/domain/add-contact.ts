import { contactAddedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertContact, type Contact } from '../persistence/contact.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { contactSnapshot } from './contact.js';
import { requireCustomer } from './customer.js';
import { ContactEmailTakenError } from './errors.js';

export interface NewContact {
  firstName: string;
  lastName: string;
  email: string;
}

/** From the customer's settings or while an agent creates a ticket: the same contact either way. */
export function addContact(db: CustomersDatabase, customerId: string, input: NewContact): Promise<Contact> {
  return db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const email = input.email.toLowerCase();
    const contact = await onDuplicate(
      insertContact(tx, { customerId, firstName: input.firstName.trim(), lastName: input.lastName.trim(), email }),
      () => new ContactEmailTakenError(email),
    );
    await recordEvent(tx, 'customers', contactAddedV1, contact, contactSnapshot(contact));
    return contact;
  });
}
