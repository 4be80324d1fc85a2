import type { Tx } from '../persistence/client.js';
import { lockContactAccount, updateContactAccount, type ContactDetails } from '../persistence/contact-account.repository.js';
import { voidOpenResets } from '../persistence/password-reset.repository.js';
import { newerDetails } from './contact-order.js';
import { revokePortalAccess } from './revoke-portal-access.js';

/**
 * A contact signs in with their current email address: the newest name and email applied are kept,
 * whatever order they arrive in. A login never follows its email to a new address: whoever holds
 * that address could reset the password and sign in as the contact. So a new email for an invited
 * or active login ends it as of that version, as a revocation does. The customers service revokes
 * before such a change commits (it needs portal_access.manage there); this holds even when it did not.
 * A new address also voids the reset links sent to the old one, whatever the login's state.
 */
export async function updateContactDetails(tx: Tx, contact: ContactDetails, contactVersion: number): Promise<void> {
  const account = await lockContactAccount(tx, contact.contactId);
  const details = newerDetails(account, contact, contactVersion);
  if (Object.keys(details).length === 0) return;
  const emailChanged = details.email !== undefined && details.email !== account.email;
  await updateContactAccount(tx, contact.contactId, details);
  if (!emailChanged) return;
  await voidOpenResets(tx, 'contact', contact.contactId);
  if (account.status !== 'none') await revokePortalAccess(tx, contact.contactId, contactVersion);
}
