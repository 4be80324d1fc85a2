import type { Tx } from './client.js';
import type { StaffUser } from './generated/client.js';

export type { StaffUser };

export function findStaffUserByEmail(tx: Tx, email: string): Promise<StaffUser | null> {
  return tx.staffUser.findUnique({ where: { email: email.toLowerCase() } });
}

export function findStaffUser(tx: Tx, id: string): Promise<StaffUser | null> {
  return tx.staffUser.findUnique({ where: { id } });
}

export function countStaffUsers(tx: Tx): Promise<number> {
  return tx.staffUser.count();
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

/** Inserts unless the email is taken; two gateways seeding at once create one user. */
export async function insertStaffUserIfAbsent(tx: Tx, user: NewStaffUser): Promise<void> {
  await tx.staffUser.createMany({ data: [{ ...user, email: user.email.toLowerCase() }], skipDuplicates: true });
}

export function insertStaffUser(tx: Tx, user: NewStaffUser): Promise<StaffUser> {
  return tx.staffUser.create({ data: { ...user, email: user.email.toLowerCase() } });
}

export function updateStaffUser(tx: Tx, id: string, changes: Partial<Pick<StaffUser, 'name' | 'role' | 'active' | 'passwordHash'>>): Promise<StaffUser> {
  return tx.staffUser.update({ where: { id }, data: changes });
}

export async function permissionsOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.staffPermission.findMany({ where: { userId }, orderBy: { permission: 'asc' } });
  return rows.map((row) => row.permission);
}

export async function replacePermissions(tx: Tx, userId: string, permissions: string[]): Promise<void> {
  await tx.staffPermission.deleteMany({ where: { userId } });
  await tx.staffPermission.createMany({ data: permissions.map((permission) => ({ userId, permission })) });
}
