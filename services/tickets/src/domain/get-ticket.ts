import type { TicketsDatabase } from '../persistence/client.js';
import { findTicket, type Ticket } from '../persistence/ticket.repository.js';
import { TicketNotFoundError } from './errors.js';

export async function getTicket(db: TicketsDatabase, id: string): Promise<Ticket> {
  const ticket = await findTicket(db.client, id);
  if (!ticket) throw new TicketNotFoundError(id);
  return ticket;
}
