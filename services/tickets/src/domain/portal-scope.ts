import type { SqlExecutor } from '@helpdesk/db';
import { findPortalVisibility } from '../persistence/customer.repository.js';
import type { PortalScope } from '../persistence/portal-ticket.repository.js';
import type { PortalUser } from './ticket.js';

/**
 * Which tickets the caller sees: their customer's setting, 'own' until the customer's event has
 * arrived (the narrower choice). Only the ids of the assertion go in; nothing of the request does.
 */
export async function portalScope(sql: SqlExecutor, caller: PortalUser): Promise<PortalScope> {
  const visibility = (await findPortalVisibility(sql, caller.customerId)) === 'customer' ? 'customer' : 'own';
  return { customerId: caller.customerId, contactId: caller.contactId, visibility };
}
