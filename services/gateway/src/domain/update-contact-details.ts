import type { Tx } from '../persistence/client.js';
import { lockContactAccount, updateContactAccount, type ContactDetails } from '../persistence/contact-account.repository.js';
import { voidOpenResets } from '../persistence/password-reset.repository.js';
import { newerDetails } from './contact-order.js';

/**
 * A contact signs in with their current email address: the newest name and email applied are kept,
 * whatever order they arrive in. A new address voids the reset links sent to the old one: they were
 * for whoever reads that mailbox, which may no longer be this contact.
 */
export async function updateContactDetails(tx: Tx, contact: ContactDetails, contactVersion: number): Promise<void> {
  const account = await lockContactAccount(tx, contact.contactId);
  const details = newerDetails(account, contact, contactVersion);
  if (Object.keys(details).length > 0) await updateContactAccount(tx, contact.contactId, details);
  if (details.email !== undefined && details.email !== account.email) await voidOpenResets(tx, 'contact', contact.contactId);
}
