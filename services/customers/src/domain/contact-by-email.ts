import { contactAddedV1 } from '@helpdesk/contracts-schema';
import { ConflictError } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase, Tx } from '../persistence/client.js';
import { findActiveContactByEmail, insertContact, type Contact } from '../persistence/contact.repository.js';
import { isUniqueViolation } from '../persistence/unique-violation.js';
import { contactSnapshot } from './contact.js';
import { requireCustomer } from './customer.js';

const nameMax = 100;

/**
 * First and last name for a contact known only from an email's From header (issue 11 §6): the display
 * name split at its last space ("Mara Klein" -> Mara / Klein); a one-word name gets the address's
 * local part as last name; without a name, the local part split at its first dot, underscore or
 * hyphen ("mara.klein" -> Mara / Klein), or the local part as both. Never blank (contact.added needs both).
 */
export function namesFromDisplayName(name: string | null | undefined, email: string): { firstName: string; lastName: string } {
  const cut = (s: string) => s.slice(0, nameMax).trim();
  const local = email.split('@')[0]!.trim() || email;
  // Control characters and quotes around the whole name are what mail clients leave in display names.
  const display = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/^["'\s]+|["'\s]+$/g, '').replace(/\s+/g, ' ');
  const space = display.lastIndexOf(' ');
  if (space > 0) return { firstName: cut(display.slice(0, space)), lastName: cut(display.slice(space + 1)) };
  if (display) return { firstName: cut(display), lastName: cut(local) };
  const parts = local.split(/[._-]+/).filter(Boolean);
  if (parts.length >= 2) {
    const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    return { firstName: cut(capital(parts[0]!)), lastName: cut(parts.slice(1).map(capital).join(' ')) };
  }
  return { firstName: cut(local), lastName: cut(local) };
}

export class ContactOfOtherCustomerError extends ConflictError {
  constructor(email: string) {
    super(`${email} is the address of an active contact of another customer.`);
  }
}

/**
 * The active contact with this address under this customer, created when there is none (issue 11 §6:
 * an unknown sender on the customer's email domain). Idempotent: a second call for the same address
 * (a redelivered event, two instances at once) answers the same contact and adds nothing; the unique
 * index on active contacts' addresses decides a race. An address held by another customer's contact is
 * refused, never moved. Never invited to the portal, whatever the portal settings (addContact invites
 * contacts people create): the sender is vouched for by its domain only, and portal access is a person's call.
 */
export async function findOrAddContactByEmail(
  db: CustomersDatabase,
  customerId: string,
  input: { email: string; name?: string | null },
): Promise<{ contact: Contact; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = async (tx: Tx) => {
    const holder = await findActiveContactByEmail(tx, email);
    if (holder && holder.customerId !== customerId) throw new ContactOfOtherCustomerError(email);
    return holder;
  };
  try {
    return await db.transaction(async (tx) => {
      await requireCustomer(tx, customerId);
      const holder = await existing(tx);
      if (holder) return { contact: holder, created: false };
      const contact = await insertContact(tx, { customerId, email, ...namesFromDisplayName(input.name, email) });
      await recordEvent(tx, 'customers', contactAddedV1, contact, contactSnapshot(contact));
      return { contact, created: true };
    });
  } catch (cause) {
    if (!isUniqueViolation(cause)) throw cause;
    // Someone added it meanwhile: that contact is the answer (or the refusal, if it is another customer's).
    const holder = await existing(db.client);
    if (!holder) throw cause;
    return { contact: holder, created: false };
  }
}
