import type { SqlExecutor } from '@helpdesk/db';
import type { Tx } from './client.js';

export interface CustomerRow {
  id: string;
  name: string;
  portalTicketVisibility: string;
  groupId: string | null;
  /** Absent: the event predates email domains; the domains kept stay. */
  emailDomains?: string[];
}

/**
 * Keeps the newest state of a customer by its version (the customers service counts it up with every
 * change): an event older than the one applied last, whenever it arrives, changes nothing. An event
 * of the version applied carries the same state; it fills in the group of a row projected before
 * groups were kept (the customers service announces every customer once for that, migration 0003).
 */
export async function saveCustomer(tx: Tx, customer: CustomerRow, version: number): Promise<void> {
  const domains = customer.emailDomains ? customer.emailDomains.map((d) => d.toLowerCase()) : null;
  await tx.$executeRaw`INSERT INTO customers (id, name, portal_ticket_visibility, group_id, email_domains, version)
    VALUES (${customer.id}::uuid, ${customer.name}, ${customer.portalTicketVisibility}, ${customer.groupId}::uuid, COALESCE(${domains}::text[], '{}'::text[]), ${version})
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, portal_ticket_visibility = EXCLUDED.portal_ticket_visibility, group_id = EXCLUDED.group_id,
      email_domains = CASE WHEN ${domains}::text[] IS NULL THEN customers.email_domains ELSE EXCLUDED.email_domains END, version = EXCLUDED.version
    WHERE customers.version < EXCLUDED.version
      OR (customers.version = EXCLUDED.version AND customers.group_id IS DISTINCT FROM EXCLUDED.group_id)`;
}

/** Whether a customer shares its tickets among its contacts in the portal; null before its event arrived. */
export async function findPortalVisibility(sql: SqlExecutor, customerId: string): Promise<string | null> {
  const [row] = await sql.$queryRawUnsafe<Array<{ visibility: string }>>(
    'SELECT portal_ticket_visibility AS visibility FROM customers WHERE id = $1::uuid',
    customerId,
  );
  return row?.visibility ?? null;
}
