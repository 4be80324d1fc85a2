import type { Tx } from './client.js';
import type { PasswordReset } from './generated/client.js';

export type { PasswordReset };
export type AccountKind = 'staff' | 'contact';

/** Resets of the account created since `since`: how many links it was sent lately. */
export function countResetsSince(tx: Tx, accountKind: AccountKind, accountId: string, since: Date): Promise<number> {
  return tx.passwordReset.count({ where: { accountKind, accountId, createdAt: { gte: since } } });
}

export async function voidOpenResets(tx: Tx, accountKind: AccountKind, accountId: string): Promise<void> {
  await tx.passwordReset.updateMany({ where: { accountKind, accountId, usedAt: null, voidedAt: null }, data: { voidedAt: new Date() } });
}

export function insertReset(tx: Tx, reset: { id: string; accountKind: AccountKind; accountId: string; tokenVersion: number; tokenHash: string; expiresAt: Date }): Promise<PasswordReset> {
  return tx.passwordReset.create({ data: reset });
}

export async function findReset(tx: Tx, id: string): Promise<PasswordReset | undefined> {
  return (await tx.passwordReset.findUnique({ where: { id } })) ?? undefined;
}

/** Locks the reset for the rest of the transaction, so a link cannot be used twice at once. */
export async function lockReset(tx: Tx, id: string): Promise<PasswordReset | undefined> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM password_resets WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 0 ? undefined : findReset(tx, id);
}

export async function markResetUsed(tx: Tx, id: string): Promise<void> {
  await tx.passwordReset.update({ where: { id }, data: { usedAt: new Date() } });
}
