import type { SqlExecutor } from '@helpdesk/db';

/** The projection of the customers service's customers, newest version wins (an older event changes nothing). */
export async function saveCustomer(tx: SqlExecutor, customer: { id: string; name: string; groupId: string | null }, version: number): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO customers (id, name, group_id, version) VALUES ($1::uuid, $2, $3::uuid, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, group_id = EXCLUDED.group_id, version = EXCLUDED.version
     WHERE customers.version < EXCLUDED.version`,
    customer.id,
    customer.name,
    customer.groupId,
    version,
  );
}

/** The projection of customer groups; a deleted group stays as a marker so a late event cannot revive it. */
export async function saveCustomerGroup(tx: SqlExecutor, group: { id: string; name: string | null; deleted: boolean }, version: number): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_groups (id, name, deleted, version) VALUES ($1::uuid, COALESCE($2, ''), $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = COALESCE($2, customer_groups.name), deleted = EXCLUDED.deleted, version = EXCLUDED.version
     WHERE customer_groups.version < EXCLUDED.version`,
    group.id,
    group.name,
    group.deleted,
    version,
  );
}

export interface CustomerMatch {
  id: string;
  name: string;
}

/** Customers whose name contains `fragment` (any case), by name; LIKE's wildcards in it are taken literally. */
export async function searchCustomers(db: SqlExecutor, fragment: string, limit: number): Promise<CustomerMatch[]> {
  const pattern = `%${fragment.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.$queryRawUnsafe<CustomerMatch[]>('SELECT id, name FROM customers WHERE lower(name) LIKE $1 ORDER BY lower(name), id LIMIT $2', pattern, limit);
}

/** Of `ids`, those this service knows no customer by. */
export async function unknownCustomers(db: SqlExecutor, ids: readonly string[]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    'SELECT given.id::text AS id FROM unnest($1::uuid[]) AS given(id) WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = given.id)',
    ids,
  );
  return rows.map((row) => row.id);
}

export async function customerGroupExists(db: SqlExecutor, id: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM customer_groups WHERE id = $1::uuid AND NOT deleted', id);
  return rows.length > 0;
}

export async function teamExists(db: SqlExecutor, id: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM team_access WHERE team_id = $1::uuid AND NOT deleted', id);
  return rows.length > 0;
}
