import type { Tx } from './client.js';
import type { CustomerGroup } from './generated/client.js';

export type { CustomerGroup };

export function insertCustomerGroup(tx: Tx, name: string): Promise<CustomerGroup> {
  return tx.customerGroup.create({ data: { name } });
}

/** Counts the version up in the same statement. */
export function renameCustomerGroup(tx: Tx, id: string, name: string): Promise<CustomerGroup> {
  return tx.customerGroup.update({ where: { id }, data: { name, version: { increment: 1 } } });
}

/** Returns the group as it was deleted (its last version). */
export function deleteCustomerGroup(tx: Tx, id: string): Promise<CustomerGroup> {
  return tx.customerGroup.delete({ where: { id } });
}

export function findCustomerGroup(tx: Tx, id: string): Promise<CustomerGroup | null> {
  return tx.customerGroup.findUnique({ where: { id } });
}

/** `within`: only groups holding one of these customers, or none at all (see ensureReachableGroup). */
export function listCustomerGroups(tx: Tx, within?: readonly string[]): Promise<CustomerGroup[]> {
  const where = within ? { OR: [{ customers: { none: {} } }, { customers: { some: { id: { in: [...within] } } } }] } : {};
  return tx.customerGroup.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}
