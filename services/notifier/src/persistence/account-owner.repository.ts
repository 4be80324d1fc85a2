import type { SqlExecutor } from '@helpdesk/db';

/** A staff user of the notifier's projection, as the account-owner setting shows one. */
export interface StaffUserRef {
  id: string;
  email: string;
  name: string;
}

/**
 * The account-owner setting and who it means now: the staff user it names while active, else the oldest
 * active administrator (the same rule loadDirectoryRows applies when an automation emails the owner).
 */
export async function readAccountOwner(sql: SqlExecutor): Promise<{ accountOwnerId: string | null; effective: StaffUserRef | null }> {
  const [row] = await sql.$queryRawUnsafe<Array<{ accountOwnerId: string | null; effective: StaffUserRef | null }>>(
    `SELECT account_owner_id AS "accountOwnerId", ${accountOwnerSql} AS effective FROM notifier_settings WHERE id = 1`,
  );
  return row!;
}

/** The account owner as JSON `{id, email, name}`, or null when there is nobody: for statements that read it beside other things. */
export const accountOwnerSql = `(SELECT json_build_object('id', s.id, 'email', s.email, 'name', s.name)
        FROM notifier_staff_users s, notifier_settings st
        WHERE st.id = 1 AND s.active AND (s.id = st.account_owner_id OR s.role = 'admin')
        ORDER BY (s.id IS NOT DISTINCT FROM st.account_owner_id) DESC, s.created_at, s.id
        LIMIT 1)`;

/** Names the account owner (null: back to the oldest active administrator) if `id` is an active staff user; false otherwise. */
export async function setAccountOwner(sql: SqlExecutor, id: string | null): Promise<boolean> {
  const changed = await sql.$executeRawUnsafe(
    `UPDATE notifier_settings SET account_owner_id = $1::uuid, version = version + 1
     WHERE id = 1 AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM notifier_staff_users WHERE id = $1::uuid AND active))`,
    id,
  );
  return changed === 1;
}
