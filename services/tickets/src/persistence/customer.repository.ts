import type { Tx } from './client.js';
import type { Customer } from './generated/client.js';

export interface CustomerRow {
  id: string;
  name: string;
  portalTicketVisibility: string;
}

/**
 * Keeps the newest state of a customer: an event older than the one applied last (a redelivery
 * that overtook a later change) changes nothing.
 */
export async function saveCustomer(tx: Tx, customer: CustomerRow, changedAt: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO customers (id, name, portal_ticket_visibility, changed_at)
    VALUES (${customer.id}::uuid, ${customer.name}, ${customer.portalTicketVisibility}, ${changedAt}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, portal_ticket_visibility = EXCLUDED.portal_ticket_visibility, changed_at = EXCLUDED.changed_at
    WHERE customers.changed_at <= EXCLUDED.changed_at`;
}

export function findCustomer(tx: Tx, id: string): Promise<Customer | null> {
  return tx.customer.findUnique({ where: { id } });
}
