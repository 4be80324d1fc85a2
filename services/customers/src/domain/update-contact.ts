import { contactUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { contactSnapshot, fullName, requireActiveContact } from './contact.js';
import type { CustomerAccess } from './customer-access.js';
import { ContactChangedMeanwhileError, ContactEmailTakenError } from './errors.js';

export interface ContactChanges {
  firstName?: string;
  lastName?: string;
  email?: string;
}

export function updateContact(db: CustomersDatabase, access: CustomerAccess, id: string, changes: ContactChanges): Promise<Contact> {
  return db.transaction(async (tx) => {
    const current = await requireActiveContact(tx, id, access);
    const normalised = {
      ...(changes.firstName !== undefined && { firstName: changes.firstName.trim() }),
      ...(changes.lastName !== undefined && { lastName: changes.lastName.trim() }),
      ...(changes.email !== undefined && { email: changes.email.toLowerCase() }),
    };
    const contact = await onDuplicate(updateActiveContact(tx, id, { customerId: current.customerId }, normalised), () => new ContactEmailTakenError(normalised.email ?? current.email));
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await recordEvent(tx, 'customers', contactUpdatedV1, contact, contactSnapshot(contact));
    return contact;
  });
}
