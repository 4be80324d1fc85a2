import type { contactAddedV1, EventData } from '@helpdesk/contracts-schema';
import { reaches, type CustomerAccess } from '@helpdesk/team-access';
import type { Tx } from '../persistence/client.js';
import { findContact, updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { ContactChangedMeanwhileError, ContactDeactivatedError, ContactNotFoundError } from './errors.js';
import { removeFromNotificationGroups } from './notification-group.js';

export function fullName(contact: Contact): string {
  return `${contact.firstName} ${contact.lastName}`;
}

/**
 * A contact the caller reaches through its customer (team access); one beyond reach is answered as
 * one that does not exist. Read in the caller's transaction (or before a write conditional on the
 * contact's version), so that a contact moved meanwhile is never changed on the strength of where it was.
 */
export async function requireContact(tx: Tx, id: string, access: CustomerAccess): Promise<Contact> {
  const contact = await findContact(tx, id);
  if (!contact || !reaches(access, contact.customerId)) throw new ContactNotFoundError(id);
  return contact;
}

/** Deactivated contacts stay for the history, but nothing may change them any more. */
export function ensureActive(contact: Contact): Contact {
  if (!contact.active) throw new ContactDeactivatedError(fullName(contact));
  return contact;
}

export async function requireActiveContact(tx: Tx, id: string, access: CustomerAccess): Promise<Contact> {
  return ensureActive(await requireContact(tx, id, access));
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

/**
 * Commits a change that ends the contact's portal access (a move, a deactivation, Disable Login, a new email) of a
 * contact read (at its version) before the gateway was asked to revoke: only if nothing changed
 * since, so that the version it commits is the one the gateway was told.
 */
export async function commitPortalAccessEnd(tx: Tx, read: Contact, changes: Partial<Pick<Contact, 'customerId' | 'active' | 'deactivatedAt' | 'firstName' | 'lastName' | 'email'>> = {}): Promise<Contact> {
  const contact = await updateActiveContact(tx, read.id, { version: read.version }, { ...changes, portalState: 'none', portalAccessEndedVersion: read.version + 1 });
  if (!contact) throw new ContactChangedMeanwhileError(fullName(read));
  return contact;
}

/** A move or deactivation: portal access ends (see commitPortalAccessEnd), and the contact leaves the customer's notification groups. */
export async function commitContactLeaving(tx: Tx, read: Contact, changes: Pick<Contact, 'customerId'> | Pick<Contact, 'active' | 'deactivatedAt'>): Promise<Contact> {
  const contact = await commitPortalAccessEnd(tx, read, changes);
  await removeFromNotificationGroups(tx, read);
  return contact;
}
