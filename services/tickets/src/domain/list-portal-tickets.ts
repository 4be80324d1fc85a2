import { pgExecutor } from '@helpdesk/db';
import type { TicketsDatabase } from '../persistence/client.js';
import { listPortalTickets as queryPortalTickets, portalOrder, type PortalPage, type PortalTicketFilters } from '../persistence/portal-ticket.repository.js';
import { portalScope } from './portal-scope.js';
import { toPage, withLookahead, type TicketPage } from './ticket-page.js';
import type { PortalUser } from './ticket.js';

/** The portal dashboard: the caller's tickets (or their customer's), most recently changed first. */
export async function listPortalTickets(db: TicketsDatabase, caller: PortalUser, filters: PortalTicketFilters, page: PortalPage): Promise<TicketPage> {
  const scope = await portalScope(pgExecutor(db.pool), caller);
  return toPage(await queryPortalTickets(db.pool, scope, filters, withLookahead(page)), page.limit, portalOrder.sort);
}
