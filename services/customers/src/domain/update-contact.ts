import { contactUpdatedV1 } from '@helpdesk/contracts-schema';
import { ValidationError } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { commitPortalAccessEnd, contactSnapshot, fullName, requireActiveContact } from './contact.js';
import { emailClash, emailTakenRefusal } from './contact-email.js';
import type { CustomerAccess } from './customer-access.js';
import { ContactChangedMeanwhileError, EmailChangeEndsPortalAccessError, EmailChangeNeedsPortalAccessError } from './errors.js';

export interface ContactChanges {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** A contact with a portal login loses it when their email changes; the caller must confirm that. */
  confirmPortalAccessEnd?: boolean;
}

export interface ContactEditor {
  access: CustomerAccess;
  /** Holds `portal_access.manage`: needed to change the email of a contact with a portal login. */
  managesPortalAccess: boolean;
}

/**
 * Changes a contact's name or email. The email is where their portal login signs in and where its
 * links (invitation, password reset) go, so a new email for a contact with a login (invited or
 * active) ends that login, as Disable Login does — never moves it to the new address, or whoever
 * holds that address could reset the password and sign in as them. That is portal access
 * management, so it needs `portal_access.manage` and a confirmation; the gateway revokes first and
 * synchronously, as of the version this change will commit (see move-contact.ts). Enable Login then
 * invites the contact at the new address.
 */
export async function updateContact(db: CustomersDatabase, gateway: GatewayClient, editor: ContactEditor, id: string, changes: ContactChanges): Promise<Contact> {
  const current = await requireActiveContact(db.client, id, editor.access);
  const normalised = {
    ...(changes.firstName !== undefined && { firstName: changes.firstName.trim() }),
    ...(changes.lastName !== undefined && { lastName: changes.lastName.trim() }),
    ...(changes.email !== undefined && { email: changes.email.toLowerCase() }),
  };
  if (Object.keys(normalised).length === 0) {
    throw new ValidationError('Nothing to change: send firstName, lastName or email.', [{ pointer: '/', message: 'names no field to change' }]);
  }
  const newEmail = normalised.email !== undefined && normalised.email !== current.email ? normalised.email : undefined;
  const endsPortalAccess = newEmail !== undefined && current.portalState !== 'none';
  if (endsPortalAccess) {
    if (!editor.managesPortalAccess) throw new EmailChangeNeedsPortalAccessError(fullName(current));
    if (changes.confirmPortalAccessEnd !== true) throw new EmailChangeEndsPortalAccessError(fullName(current));
    // Refused before the login is ended for nothing; the unique index still decides at the commit.
    const clash = await emailClash(db.client, editor.access, newEmail, id);
    if (clash) throw clash;
    await gateway.revokePortalAccess(id, current.version + 1);
  }
  const updated = db.transaction(async (tx) => {
    // A new email commits only at the version read, so that one whose login was enabled meanwhile
    // (and whose invitation went to the old address) is not changed on the strength of having none.
    const contact = endsPortalAccess
      ? await commitPortalAccessEnd(tx, current, normalised)
      : await updateActiveContact(tx, id, newEmail ? { version: current.version } : { customerId: current.customerId }, normalised);
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await recordEvent(tx, 'customers', contactUpdatedV1, contact, contactSnapshot(contact));
    return contact;
  });
  return onDuplicate(updated, () => emailTakenRefusal(db.client, editor.access, normalised.email ?? current.email));
}
