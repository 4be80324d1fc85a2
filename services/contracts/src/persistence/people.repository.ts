import { contactSnapshotParts, saveNewer, type ContactState, type SqlExecutor } from '@helpdesk/db';

// The customers, contacts and staff users this service keeps (migration 0001, from customers' and the
// gateway's events): whom a contract may name, and who on it needs replacing. Every write keeps the
// newest state by the aggregate's version, whatever order the events arrive in (saveNewer).

export function saveCustomer(sql: SqlExecutor, customer: { id: string; name: string }, version: number): Promise<void> {
  return saveNewer(sql, 'customers', customer.id, [{ version, set: { name: customer.name } }]);
}

/** contact.added / contact.updated (a move or deactivation arriving first leaves the names empty). */
export function saveContact(sql: SqlExecutor, id: string, contact: ContactState, version: number): Promise<void> {
  return saveNewer(sql, 'contacts', id, contactSnapshotParts(contact, version));
}

/** contact.customer_changed: from now on the contact is the new customer's (and no longer fits the old one's contracts). */
export function moveContact(sql: SqlExecutor, id: string, toCustomerId: string, version: number): Promise<void> {
  return saveNewer(sql, 'contacts', id, [{ version, set: { customer_id: toCustomerId } }]);
}

/**
 * contact.deactivated: applied whatever its version, as nothing reactivates a contact (the customers
 * service refuses every change of a deactivated one), so a re-announcement at the same version as the
 * contact's contact.updated (customers' migration 0006) still marks it.
 */
export async function deactivateContact(sql: SqlExecutor, id: string, customerId: string, version: number): Promise<void> {
  await saveNewer(sql, 'contacts', id, [{ version, set: { customer_id: customerId, active: false } }]);
  await sql.$executeRawUnsafe('UPDATE contacts SET active = false WHERE id = $1::uuid AND active', id);
}

export function saveStaffUser(sql: SqlExecutor, user: { id: string; name: string; email: string; active: boolean }, version: number): Promise<void> {
  return saveNewer(sql, 'staff_users', user.id, [{ version, set: { name: user.name, email: user.email.toLowerCase(), active: user.active } }]);
}

export interface KnownContact {
  id: string;
  customerId: string;
  name: string;
  active: boolean;
}

export interface KnownStaffUser {
  id: string;
  name: string;
  active: boolean;
}

export function findContacts(sql: SqlExecutor, ids: readonly string[]): Promise<KnownContact[]> {
  return sql.$queryRawUnsafe<KnownContact[]>(
    `SELECT id::text, customer_id::text AS "customerId", trim(first_name || ' ' || last_name) AS name, active FROM contacts WHERE id = ANY($1::uuid[])`,
    [...ids],
  );
}

export function findStaffUsers(sql: SqlExecutor, ids: readonly string[]): Promise<KnownStaffUser[]> {
  return sql.$queryRawUnsafe<KnownStaffUser[]>(`SELECT id::text, name, active FROM staff_users WHERE id = ANY($1::uuid[])`, [...ids]);
}

export async function customerKnown(sql: SqlExecutor, id: string): Promise<boolean> {
  return (await sql.$queryRawUnsafe<unknown[]>('SELECT 1 FROM customers WHERE id = $1::uuid', id)).length > 0;
}
