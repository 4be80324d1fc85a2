import type { Pool } from './client.js';

/** An active staff user as every colleague may see them: to pick an assignee, to read who wrote a note. */
export interface DirectoryStaffUser {
  id: string;
  name: string;
  /** Their teams, in id order. */
  teamIds: string[];
}

export interface StaffDirectory {
  staff: DirectoryStaffUser[];
  teams: Array<{ id: string; name: string }>;
}

/**
 * The read-only directory of the staff console: the active staff users by name with their teams, and the
 * teams by name. Nothing else (no email, role, permission or a team's customers): it needs no manage right.
 */
export async function readStaffDirectory(pool: Pool): Promise<StaffDirectory> {
  const { rows } = await pool.query<StaffDirectory>(
    `SELECT
       COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'teamIds',
           COALESCE((SELECT array_agg(m.team_id ORDER BY m.team_id) FROM team_members m WHERE m.user_id = u.id), '{}'))
         ORDER BY u.name, u.id) FROM staff_users u WHERE u.active), '[]') AS staff,
       COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id) FROM teams t), '[]') AS teams`,
  );
  return rows[0]!;
}
