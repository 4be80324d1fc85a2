import type { SqlExecutor } from '@helpdesk/db';
import { accountOwnerSql, type StaffUserRef } from './account-owner.repository.js';

/** An address of the projections, with the display name an email may show. */
export interface DirectoryRow {
  address: string;
  name: string | null;
}

/** What the recipients of a group of automations need from the projections, read in one statement. */
export interface DirectoryRows {
  /** Contacts by id, with their customer now; `active` false: deactivated. The address may be empty. */
  contacts: Array<DirectoryRow & { id: string; customerId: string; active: boolean }>;
  /** Staff users by id (assignees, a contract's support people); `active` false: deactivated. */
  staff: Array<DirectoryRow & { id: string; active: boolean }>;
  /** Active members of the teams asked for. */
  teamMembers: Array<DirectoryRow & { teamId: string }>;
  /** Emailable members of the live notification groups asked for, with the group's customer. */
  groupMembers: Array<DirectoryRow & { groupId: string; customerId: string }>;
  /** The account owner (account-owner.repository.ts). */
  accountOwner: StaffUserRef | null;
  /** Customers by id, with their group (contract events carry only the customer's id). */
  customers: Array<{ id: string; name: string; groupId: string | null }>;
}

export async function loadDirectoryRows(
  sql: SqlExecutor,
  ids: { contactIds: string[]; staffIds: string[]; teamIds: string[]; groupIds: string[]; accountOwner: boolean; customerIds?: string[] },
): Promise<DirectoryRows> {
  const [row] = await sql.$queryRawUnsafe<DirectoryRows[]>(
    `SELECT
       (SELECT COALESCE(json_agg(json_build_object('id', c.id, 'customerId', c.customer_id, 'active', c.active,
                                                   'address', NULLIF(c.email, ''), 'name', NULLIF(concat_ws(' ', c.first_name, c.last_name), ''))), '[]')
        FROM notifier_contacts c WHERE c.id = ANY($1::uuid[])) AS contacts,
       (SELECT COALESCE(json_agg(json_build_object('id', s.id, 'active', s.active, 'address', s.email, 'name', s.name)), '[]')
        FROM notifier_staff_users s WHERE s.id = ANY($2::uuid[])) AS staff,
       (SELECT COALESCE(json_agg(json_build_object('teamId', m.team_id, 'address', s.email, 'name', s.name) ORDER BY s.name, s.id), '[]')
        FROM team_access_members m JOIN team_access t ON t.team_id = m.team_id AND NOT t.deleted
        JOIN notifier_staff_users s ON s.id = m.user_id AND s.active
        WHERE m.team_id = ANY($3::uuid[])) AS "teamMembers",
       (SELECT COALESCE(json_agg(json_build_object('groupId', g.id, 'customerId', g.customer_id, 'address', COALESCE(c.email, s.email),
                                                   'name', COALESCE(NULLIF(concat_ws(' ', c.first_name, c.last_name), ''), s.name))), '[]')
        FROM notifier_notification_groups g
        CROSS JOIN LATERAL jsonb_array_elements(g.members) AS e
        LEFT JOIN notifier_contacts c ON e->>'kind' = 'contact' AND c.id = (e->>'id')::uuid AND c.active AND c.customer_id = g.customer_id
        LEFT JOIN notifier_staff_users s ON e->>'kind' = 'staff' AND s.id = (e->>'id')::uuid AND s.active
        WHERE g.id = ANY($4::uuid[]) AND NOT g.deleted AND COALESCE(c.email, s.email) <> '') AS "groupMembers",
       CASE WHEN $5::boolean THEN ${accountOwnerSql} END AS "accountOwner",
       (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'name', k.name, 'groupId', k.group_id)), '[]')
        FROM notifier_customers k WHERE k.id = ANY($6::uuid[])) AS customers`,
    ids.contactIds,
    ids.staffIds,
    ids.teamIds,
    ids.groupIds,
    ids.accountOwner,
    ids.customerIds ?? [],
  );
  return row!;
}
