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
