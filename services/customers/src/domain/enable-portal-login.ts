import { contactLoginEnabledV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { contactSnapshot, fullName, requireActiveContact } from './contact.js';
import { ContactChangedMeanwhileError, PortalAccessAlreadyActiveError } from './errors.js';

/**
 * Marks the contact invited and records contact.login_enabled, on which the gateway issues the
 * invitation. Enabling again while invited sends a new one (the gateway voids the previous link).
 */
export function enablePortalLogin(db: CustomersDatabase, id: string): Promise<Contact> {
  return db.transaction(async (tx) => {
    const current = await requireActiveContact(tx, id);
    if (current.portalState === 'active') throw new PortalAccessAlreadyActiveError(fullName(current));
    const contact = await updateActiveContact(tx, id, { portalState: current.portalState }, { portalState: 'invited' });
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await recordEvent(tx, 'customers', contactLoginEnabledV1, contactSnapshot(contact));
    return contact;
  });
}
