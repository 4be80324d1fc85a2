import type { Pool, Tx } from './client.js';

export interface ContactRow {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
}

// Each write below keeps the newest state by the contact's version (the customers service counts it up
// with every change), whatever order the events arrive in: `version` decides the customer, and
// `details_version` the names and email, which only contact.added and contact.updated carry. A move
// or deactivation that arrives before the contact itself leaves them null until a snapshot comes.

export async function saveContact(tx: Tx, contact: ContactRow, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts AS c (id, customer_id, first_name, last_name, email, version, details_version)
    VALUES (${contact.id}::uuid, ${contact.customerId}::uuid, ${contact.firstName}, ${contact.lastName}, ${contact.email}, ${version}, ${version})
    ON CONFLICT (id) DO UPDATE SET
      customer_id = CASE WHEN c.version < EXCLUDED.version THEN EXCLUDED.customer_id ELSE c.customer_id END,
      first_name = CASE WHEN c.details_version < EXCLUDED.details_version THEN EXCLUDED.first_name ELSE c.first_name END,
      last_name = CASE WHEN c.details_version < EXCLUDED.details_version THEN EXCLUDED.last_name ELSE c.last_name END,
      email = CASE WHEN c.details_version < EXCLUDED.details_version THEN EXCLUDED.email ELSE c.email END,
      version = GREATEST(c.version, EXCLUDED.version),
      details_version = GREATEST(c.details_version, EXCLUDED.details_version)`;
}

/** From now on the contact belongs to the new customer; the tickets they were the contact of keep them. */
export async function moveContact(tx: Tx, id: string, toCustomerId: string, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts (id, customer_id, version) VALUES (${id}::uuid, ${toCustomerId}::uuid, ${version})
    ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, version = EXCLUDED.version
    WHERE contacts.version < EXCLUDED.version`;
}

/** A deactivation is a contact's last change: nothing changes it afterwards. */
export async function deactivateContact(tx: Tx, id: string, customerId: string, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO contacts (id, customer_id, active, version) VALUES (${id}::uuid, ${customerId}::uuid, false, ${version})
    ON CONFLICT (id) DO UPDATE SET active = false, customer_id = EXCLUDED.customer_id, version = EXCLUDED.version
    WHERE contacts.version < EXCLUDED.version`;
}

/** A contact as opening a ticket needs it; the email is null until contact.added has arrived. */
export interface KnownContact {
  id: string;
  customerId: string;
  active: boolean;
  email: string | null;
}

/** The calling portal contact, if we know them as an active contact of the customer in their assertion. */
export async function findPortalContact(pool: Pool, customerId: string, contactId: string): Promise<KnownContact | undefined> {
  const { rows } = await pool.query<KnownContact>(
    `SELECT id, customer_id AS "customerId", active, email FROM contacts WHERE id = $1::uuid AND customer_id = $2::uuid AND active`,
    [contactId, customerId],
  );
  return rows[0];
}
