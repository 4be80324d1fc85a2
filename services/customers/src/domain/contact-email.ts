import { reaches } from '@helpdesk/team-access';
import type { Tx } from '../persistence/client.js';
import { findActiveContactByEmail } from '../persistence/contact.repository.js';
import { fullName } from './contact.js';
import type { CustomerAccess } from './customer-access.js';
import { ContactEmailTakenError, ContactEmailUnavailableError } from './errors.js';

/**
 * Why `email` cannot be given to a contact, when an active contact other than `except` holds it
 * (emails are unique among active contacts across customers: the portal sign-in, its links and
 * inbound mail find a contact by address). A holder within the caller's team access is named, so
 * that they can pick it or deactivate it; one beyond it is not even confirmed to be a contact.
 */
export async function emailClash(tx: Tx, access: CustomerAccess, email: string, except?: string): Promise<Error | undefined> {
  const holder = await findActiveContactByEmail(tx, email);
  if (!holder || holder.id === except) return undefined;
  return reaches(access, holder.customerId) ? new ContactEmailTakenError(email, { id: holder.id, name: fullName(holder) }) : new ContactEmailUnavailableError(email);
}

/** The refusal when the unique index turned `email` down: the holder committed meanwhile (or it went again, in which case the same refusal without a name). */
export async function emailTakenRefusal(tx: Tx, access: CustomerAccess, email: string): Promise<Error> {
  return (await emailClash(tx, access, email)) ?? new ContactEmailUnavailableError(email);
}
