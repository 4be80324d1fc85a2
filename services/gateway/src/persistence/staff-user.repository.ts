import type { Pool, Tx } from './client.js';
import { sessionRevokedColumn } from './revoked-session.repository.js';
import type { StaffUser } from './generated/client.js';

export type { StaffUser };

export function findStaffUserByEmail(tx: Tx, email: string): Promise<StaffUser | null> {
  return tx.staffUser.findUnique({ where: { email: email.toLowerCase() } });
}

export function findStaffUser(tx: Tx, id: string): Promise<StaffUser | null> {
  return tx.staffUser.findUnique({ where: { id } });
}

/** Whether any staff user exists; on the pool, so that a restart does not load Prisma's query compiler for it. */
export async function anyStaffUser(pool: Pool): Promise<boolean> {
  return (await pool.query('SELECT EXISTS (SELECT 1 FROM staff_users) AS any')).rows[0].any as boolean;
}

export function listStaffUsers(tx: Tx): Promise<StaffUser[]> {
  return tx.staffUser.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export interface NewStaffUser {
  email: string;
  name: string;
  passwordHash: string;
  role: 'admin' | 'agent';
}

/** Inserts unless the email is taken (undefined then); two gateways seeding at once create one user. */
export async function insertStaffUserIfAbsent(tx: Tx, user: NewStaffUser): Promise<StaffUser | undefined> {
  const [created] = await tx.staffUser.createManyAndReturn({ data: [{ ...user, email: user.email.toLowerCase() }], skipDuplicates: true });
  return created;
}

export function insertStaffUser(tx: Tx, user: NewStaffUser): Promise<StaffUser> {
  return tx.staffUser.create({ data: { ...user, email: user.email.toLowerCase() } });
}

export function updateStaffUser(
  tx: Tx,
  id: string,
  changes: Partial<Pick<StaffUser, 'name' | 'role' | 'active' | 'passwordHash'>> & { tokenVersion?: { increment: number }; version?: { increment: number } },
): Promise<StaffUser> {
  return tx.staffUser.update({ where: { id }, data: changes });
}

/** Locks every active administrator's row (in one order, so two callers cannot deadlock) and returns their ids. */
export async function lockActiveAdministrators(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text AS id FROM staff_users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;
  return rows.map((row) => row.id);
}

/**
 * Locks these users' rows for the rest of the transaction, in one order (so two callers locking the
 * same two, each as actor and target, cannot deadlock); returns the rows found.
 */
export async function lockStaffUsers(tx: Tx, ids: string[]): Promise<StaffUser[]> {
  const unique = [...new Set(ids)].sort();
  await tx.$queryRaw`SELECT 1 FROM staff_users WHERE id = ANY(${unique}::uuid[]) ORDER BY id FOR UPDATE`;
  return tx.staffUser.findMany({ where: { id: { in: unique } } });
}

/** Locks the user's row for the rest of the transaction (password resets of one user, one after the other). */
export async function lockStaffUser(tx: Tx, id: string): Promise<StaffUser | null> {
  await tx.$queryRaw`SELECT 1 FROM staff_users WHERE id = ${id}::uuid FOR UPDATE`;
  return findStaffUser(tx, id);
}


export async function permissionsOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.staffPermission.findMany({ where: { userId }, orderBy: { permission: 'asc' } });
  return rows.map((row) => row.permission);
}

export async function replacePermissions(tx: Tx, userId: string, permissions: string[]): Promise<void> {
  await tx.staffPermission.deleteMany({ where: { userId } });
  await tx.staffPermission.createMany({ data: permissions.map((permission) => ({ userId, permission })) });
}

export interface StaffAccess {
  id: string;
  role: string;
  active: boolean;
  /** Must equal the one in the token. */
  tokenVersion: number;
  permissions: string[];
  /** The user's teams, in id order: the services resolve their ticket access from these. */
  teamIds: string[];
  /** Whether the token's browser session was ended by signing out. */
  sessionRevoked: boolean;
}

/**
 * Everything the gateway needs to authorise a staff request, in one statement on the pool: it runs on
 * every request, where Prisma's query compiler alone costs several times what PostgreSQL does.
 */
export async function findStaffAccess(pool: Pool, id: string, sessionId: string | undefined): Promise<StaffAccess | undefined> {
  const { rows } = await pool.query<StaffAccess>(
    `SELECT u.id::text AS id, u.role, u.active, u.token_version AS "tokenVersion",
       COALESCE((SELECT array_agg(p.permission ORDER BY p.permission) FROM staff_permissions p WHERE p.user_id = u.id), '{}')::text[] AS permissions,
       COALESCE((SELECT array_agg(m.team_id::text ORDER BY m.team_id) FROM team_members m WHERE m.user_id = u.id), '{}')::text[] AS "teamIds",
       ${sessionRevokedColumn}
     FROM staff_users u WHERE u.id = $1::uuid`,
    [id, sessionId ?? null],
  );
  return rows[0];
}
