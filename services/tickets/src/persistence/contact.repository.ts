import type { Tx } from './client.js';
import type { Contact } from './generated/client.js';

export interface ContactRow {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
}

// Each write below keeps the newest state: an event older than the one applied last changes nothing,
// except that a contact's names and email, missing while only a move or deactivation had arrived,
// are taken from whichever snapshot comes, old or not.

export async function saveContact(tx: Tx, contact: ContactRow, changedAt: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts AS c (id, customer_id, first_name, last_name, email, changed_at)
    VALUES (${contact.id}::uuid, ${contact.customerId}::uuid, ${contact.firstName}, ${contact.lastName}, ${contact.email}, ${changedAt}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET
      customer_id = CASE WHEN c.changed_at <= EXCLUDED.changed_at THEN EXCLUDED.customer_id ELSE c.customer_id END,
      first_name = CASE WHEN c.changed_at <= EXCLUDED.changed_at OR c.email IS NULL THEN EXCLUDED.first_name ELSE c.first_name END,
      last_name = CASE WHEN c.changed_at <= EXCLUDED.changed_at OR c.email IS NULL THEN EXCLUDED.last_name ELSE c.last_name END,
      email = CASE WHEN c.changed_at <= EXCLUDED.changed_at OR c.email IS NULL THEN EXCLUDED.email ELSE c.email END,
      changed_at = GREATEST(c.changed_at, EXCLUDED.changed_at)`;
}

/** From now on the contact belongs to the new customer; the tickets they were the contact of keep them. */
export async function moveContact(tx: Tx, id: string, toCustomerId: string, changedAt: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts (id, customer_id, changed_at) VALUES (${id}::uuid, ${toCustomerId}::uuid, ${changedAt}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, changed_at = EXCLUDED.changed_at
    WHERE contacts.changed_at <= EXCLUDED.changed_at`;
}

export async function deactivateContact(tx: Tx, id: string, customerId: string, changedAt: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts (id, customer_id, active, changed_at) VALUES (${id}::uuid, ${customerId}::uuid, false, ${changedAt}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET active = false, changed_at = EXCLUDED.changed_at
    WHERE contacts.changed_at <= EXCLUDED.changed_at`;
}

export function findContact(tx: Tx, id: string): Promise<Contact | null> {
  return tx.contact.findUnique({ where: { id } });
}

/** The calling portal contact, if we know them as an active contact of the customer in their assertion. */
export function findPortalContact(tx: Tx, customerId: string, contactId: string): Promise<Contact | null> {
  return tx.contact.findFirst({ where: { id: contactId, customerId, active: true } });
}
