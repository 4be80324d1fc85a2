import type { Tx } from './client.js';
import { Prisma, type Customer } from './generated/client.js';

export type { Customer };

export interface CustomerFields {
  name: string;
  groupId: string | null;
  portalTicketVisibility: string;
  emailDomains: string[];
}

export function insertCustomer(tx: Tx, row: CustomerFields): Promise<Customer> {
  return tx.customer.create({ data: row });
}

/** Counts the version up in the same statement. */
export function updateCustomer(tx: Tx, id: string, changes: Partial<CustomerFields>): Promise<Customer> {
  return tx.customer.update({ where: { id }, data: { ...changes, version: { increment: 1 } } });
}

export function findCustomer(tx: Tx, id: string): Promise<Customer | null> {
  return tx.customer.findUnique({ where: { id } });
}

export function findCustomersInGroup(tx: Tx, groupId: string): Promise<Customer[]> {
  return tx.customer.findMany({ where: { groupId } });
}

export interface CustomerPageQuery {
  /** Part of the name, any case. */
  search?: string;
  /** The last customer of the previous page. */
  after?: { name: string; id: string };
  /** Only these customers (the caller's team access); all when absent. */
  within?: readonly string[];
  limit: number;
}

/** Customers in the order (lower(name), id), from after the given one: keyset paging that an insert cannot shift. */
export function listCustomers(tx: Tx, query: CustomerPageQuery): Promise<Customer[]> {
  const conditions: Prisma.Sql[] = [];
  if (query.search) conditions.push(Prisma.sql`name ILIKE ${`%${escapeLike(query.search)}%`}`);
  if (query.within) conditions.push(Prisma.sql`id = ANY(${[...query.within]}::uuid[])`);
  if (query.after) conditions.push(Prisma.sql`(lower(name), id) > (lower(${query.after.name}), ${query.after.id}::uuid)`);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  return tx.$queryRaw<Customer[]>`
    SELECT id, name, group_id AS "groupId", portal_ticket_visibility AS "portalTicketVisibility", email_domains AS "emailDomains", version,
           created_at AS "createdAt", updated_at AS "updatedAt"
    FROM customers ${where}
    ORDER BY lower(name), id
    LIMIT ${query.limit}`;
}

/** A search for "50%" or "a_b" means those characters, not LIKE wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
