import type { Tx } from './client.js';

export type OrgElementTable = 'locations' | 'areas';

/**
 * Keeps the newest state of a location or area by its version; a removal is its last change, so
 * nothing older undoes it. Only the customer and whether it is removed matter here.
 */
export async function saveOrgElement(tx: Tx, table: OrgElementTable, element: { id: string; customerId: string; removed: boolean }, version: number): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} AS e (id, customer_id, removed, version) VALUES ($1::uuid, $2::uuid, $3, $4)
     ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, removed = EXCLUDED.removed, version = EXCLUDED.version
     WHERE e.version < EXCLUDED.version`,
    element.id,
    element.customerId,
    element.removed,
    version,
  );
}
