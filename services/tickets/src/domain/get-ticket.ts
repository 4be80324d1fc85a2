import type { TicketsDatabase } from '../persistence/client.js';
import { listHistory, type HistoryEntryWithNote } from '../persistence/history.repository.js';
import { findStaffTicket, type Ticket } from '../persistence/ticket.repository.js';
import { TicketNotFoundError } from './errors.js';
import type { StaffUser } from './ticket.js';

export async function getTicket(db: TicketsDatabase, staff: StaffUser, id: string): Promise<Ticket> {
  const ticket = await findStaffTicket(db.client, staff.customerAccess, id);
  if (!ticket) throw new TicketNotFoundError(id);
  return ticket;
}

/** The whole timeline, internal notes and assignments included. */
export async function getTicketHistory(db: TicketsDatabase, staff: StaffUser, id: string): Promise<HistoryEntryWithNote[]> {
  const ticket = await getTicket(db, staff, id);
  return listHistory(db.client, ticket.id);
}
