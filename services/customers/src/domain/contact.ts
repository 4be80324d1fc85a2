import type { contactAddedV1, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { findContact, type Contact } from '../persistence/contact.repository.js';
import { ContactDeactivatedError, ContactNotFoundError } from './errors.js';

export function fullName(contact: Contact): string {
  return `${contact.firstName} ${contact.lastName}`;
}

export async function requireContact(tx: Tx, id: string): Promise<Contact> {
  const contact = await findContact(tx, id);
  if (!contact) throw new ContactNotFoundError(id);
  return contact;
}

/** Deactivated contacts stay for the history, but nothing may change them any more. */
export function ensureActive(contact: Contact): Contact {
  if (!contact.active) throw new ContactDeactivatedError(fullName(contact));
  return contact;
}

export async function requireActiveContact(tx: Tx, id: string): Promise<Contact> {
  return ensureActive(await requireContact(tx, id));
}

export function contactSnapshot(contact: Contact): EventData<typeof contactAddedV1> {
  return {
    contactId: contact.id,
    customerId: contact.customerId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
  };
}
