import type { Tx } from './client.js';
import type { Ticket } from './generated/client.js';

export type { Ticket };

export interface NewTicketRow {
  subject: string;
  description: string;
  requesterEmail: string;
  priority: string;
  createdById: string;
}

export function insertTicket(tx: Tx, row: NewTicketRow): Promise<Ticket> {
  return tx.ticket.create({ data: row });
}

export function findTicket(tx: Tx, id: string): Promise<Ticket | null> {
  return tx.ticket.findUnique({ where: { id } });
}
