import type { TicketsDatabase } from '../persistence/client.js';
import type { ListPage } from '../persistence/ticket-list-query.js';
import { listStaffTickets, type StaffTicketFilters } from '../persistence/ticket.repository.js';
import { toPage, withLookahead, type TicketPage } from './ticket-page.js';
import type { StaffUser } from './ticket.js';


/** The agents' list, within their customer access: a customerId filter outside it simply matches nothing. */
export async function listTickets(db: TicketsDatabase, staff: StaffUser, filters: StaffTicketFilters, page: ListPage): Promise<TicketPage> {
  return toPage(await listStaffTickets(db.client, staff.customerAccess, filters, withLookahead(page)), page.limit, page.sort);
}
