import type { Tx } from './client.js';
import type { Contact, Prisma } from './generated/client.js';

export type { Contact };

export interface NewContactRow {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** 'invited' for a contact created with portal login enabled; 'none' when left out. */
  portalState?: 'none' | 'invited';
}

type ContactColumns = Partial<
  Pick<Contact, 'customerId' | 'firstName' | 'lastName' | 'email' | 'active' | 'portalState' | 'portalAccessEndedVersion' | 'deactivatedAt'>
>;

export function insertContact(tx: Tx, row: NewContactRow): Promise<Contact> {
  return tx.contact.create({ data: row });
}

export function findContact(tx: Tx, id: string): Promise<Contact | null> {
  return tx.contact.findUnique({ where: { id } });
}

/** A contact of that customer only; portal requests and customer-scoped checks go through here. */
export function findCustomerContact(tx: Tx, customerId: string, id: string): Promise<Contact | null> {
  return tx.contact.findFirst({ where: { id, customerId } });
}

/** The active contact holding `email` (lower-cased), if any: active contacts' emails are unique. */
export function findActiveContactByEmail(tx: Tx, email: string): Promise<Contact | null> {
  return tx.contact.findFirst({ where: { email, active: true } });
}

export function listActiveContacts(tx: Tx, customerId: string): Promise<Contact[]> {
  return tx.contact.findMany({ where: { customerId, active: true }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }] });
}

/**
 * Changes an active contact only while it still is as the caller expects (e.g. at the version it
 * read): a concurrent change makes this return null instead of being overwritten. Counts the
 * version up in the same statement.
 */
export async function updateActiveContact(
  tx: Tx,
  id: string,
  expected: Omit<Prisma.ContactWhereInput, 'id' | 'active'>,
  changes: ContactColumns,
): Promise<Contact | null> {
  const [updated] = await tx.contact.updateManyAndReturn({ where: { id, active: true, ...expected }, data: { ...changes, version: { increment: 1 } } });
  return updated ?? null;
}
