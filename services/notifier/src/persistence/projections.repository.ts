import { contactSnapshotParts, saveNewer, type ContactState, type SqlExecutor } from '@helpdesk/db';
import type { GroupContext } from '../domain/notification-groups/fan-out.js';

// What the notifier keeps of other services (migration 0007_projections). Every write keeps the newest
// state by the aggregate's version, whatever order the events arrive in (saveNewer): an older event
// changes nothing. A deleted aggregate stays as a marker, so a late event cannot bring it back; its
// deletion carries no name or address, so the marker keeps the last one known. Addresses are kept in
// lower case.

/** contact.added / contact.updated (a move or deactivation arriving first leaves the names null). */
export function saveContact(tx: SqlExecutor, id: string, contact: ContactState, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_contacts', id, contactSnapshotParts(contact, version));
}

/** contact.customer_changed: from now on the contact is the new customer's. */
export function moveContact(tx: SqlExecutor, id: string, toCustomerId: string, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_contacts', id, [{ version, set: { customer_id: toCustomerId } }]);
}

/** contact.deactivated: a contact's last change; nobody emails them again. */
export function deactivateContact(tx: SqlExecutor, id: string, customerId: string, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_contacts', id, [{ version, set: { customer_id: customerId, active: false } }]);
}

export function saveCustomer(tx: SqlExecutor, customer: { id: string; name: string; groupId: string | null }, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_customers', customer.id, [{ version, set: { name: customer.name, group_id: customer.groupId } }]);
}

/** A customer group's name; `null` for its deletion. */
export function saveCustomerGroup(tx: SqlExecutor, id: string, name: string | null, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_customer_groups', id, [{ version, set: name === null ? { deleted: true } : { name, deleted: false } }]);
}

export interface StaffUserState {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  createdAt: string;
}

export function saveStaffUser(tx: SqlExecutor, { id, email, ...user }: StaffUserState, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_staff_users', id, [
    { version, set: { email: email.toLowerCase(), name: user.name, role: user.role, active: user.active, created_at: user.createdAt } },
  ]);
}

/** A customer app's state; its deletion keeps the kind and ends it being enabled. */
export function saveCustomerApp(tx: SqlExecutor, app: { id: string; kind: string; enabled: boolean; deleted: boolean }, version: number): Promise<void> {
  return saveNewer(tx, 'notifier_customer_apps', app.id, [{ version, set: { kind: app.kind, enabled: app.enabled && !app.deleted, deleted: app.deleted } }]);
}

/** An email account's address and whether it is enabled; `null` for its deletion. */
export function saveEmailAccount(tx: SqlExecutor, id: string, account: { address: string; enabled: boolean } | null, version: number): Promise<void> {
  const set = account ? { address: account.address.toLowerCase(), enabled: account.enabled, deleted: false } : { enabled: false, deleted: true };
  return saveNewer(tx, 'notifier_email_accounts', id, [{ version, set }]);
}

export interface NotificationGroupState {
  name: string;
  notifyOn: readonly string[];
  members: ReadonlyArray<{ kind: 'contact' | 'staff'; id: string }>;
}

/** The whole state of a notification group (each event carries it); `null` for its deletion, which keeps no members. */
export function saveNotificationGroup(tx: SqlExecutor, id: string, customerId: string, group: NotificationGroupState | null, version: number): Promise<void> {
  const state = group
    ? { name: group.name, notify_on: [...group.notifyOn], members: JSON.stringify(group.members), deleted: false }
    : { notify_on: [], members: '[]', deleted: true };
  return saveNewer(tx, 'notifier_notification_groups', id, [{ version, set: { customer_id: customerId, ...state } }]);
}

/**
 * Whether the customer portal exists for emails to point at, as an SQL expression (the catalogue reads it):
 * some portal app is enabled and not deleted. None known at all (the gateway's announcement has not arrived)
 * counts as available, as a new installation comes with an enabled portal app; a deleted or disabled one
 * known is not.
 */
export const portalAvailableSql = `(NOT EXISTS (SELECT 1 FROM notifier_customer_apps WHERE kind = 'portal')
         OR EXISTS (SELECT 1 FROM notifier_customer_apps WHERE kind = 'portal' AND enabled AND NOT deleted))`;

/**
 * What the notification-group fan-out needs for these customers, in one statement: their live groups
 * (by name, then id), and those groups' members who can be emailed now: active contacts of the
 * group's customer with an address, and active staff users.
 */
export async function loadGroupContext(sql: SqlExecutor, customerIds: readonly string[]): Promise<GroupContext> {
  if (customerIds.length === 0) return { groups: [], contacts: [], staff: [] };
  const [row] = await sql.$queryRawUnsafe<GroupContext[]>(
    `WITH g AS (
       SELECT id, customer_id, name, notify_on, members FROM notifier_notification_groups
       WHERE customer_id = ANY($1::uuid[]) AND NOT deleted
     ), m AS (
       SELECT DISTINCT g.customer_id, e->>'kind' AS kind, (e->>'id')::uuid AS id FROM g, jsonb_array_elements(g.members) AS e
     )
     SELECT
       (SELECT COALESCE(json_agg(json_build_object('id', id, 'customerId', customer_id, 'name', name, 'notifyOn', notify_on, 'members', members) ORDER BY name, id), '[]')
        FROM g) AS groups,
       (SELECT COALESCE(json_agg(json_build_object('id', c.id, 'customerId', c.customer_id, 'email', c.email, 'firstName', c.first_name, 'lastName', c.last_name)), '[]')
        FROM notifier_contacts c
        WHERE c.active AND c.email IS NOT NULL AND EXISTS (SELECT 1 FROM m WHERE m.kind = 'contact' AND m.id = c.id AND m.customer_id = c.customer_id)) AS contacts,
       (SELECT COALESCE(json_agg(json_build_object('id', s.id, 'email', s.email, 'name', s.name)), '[]')
        FROM notifier_staff_users s
        WHERE s.active AND EXISTS (SELECT 1 FROM m WHERE m.kind = 'staff' AND m.id = s.id)) AS staff`,
    [...customerIds],
  );
  return row!;
}

/** The contact of each of these tickets the projection knows (null for a ticket without one). */
export async function loadTicketContacts(sql: SqlExecutor, ticketIds: readonly string[]): Promise<Map<string, string | null>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await sql.$queryRawUnsafe<Array<{ id: string; contactId: string | null }>>(
    `SELECT id, contact_id AS "contactId" FROM notifier_tickets WHERE id = ANY($1::uuid[])`,
    [...ticketIds],
  );
  return new Map(rows.map(({ id, contactId }) => [id, contactId]));
}
