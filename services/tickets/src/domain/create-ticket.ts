import { ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { TicketsDatabase } from '../persistence/client.js';
import { insertTicket, type Ticket } from '../persistence/ticket.repository.js';
import type { TicketPriority } from './ticket.js';

export interface NewTicket {
  subject: string;
  description: string;
  requesterEmail: string;
  priority: TicketPriority;
}

export interface Actor {
  kind: 'staff' | 'contact';
  id: string;
}

/** Stores the ticket and records ticket.created in the same transaction. */
export async function createTicket(db: TicketsDatabase, input: NewTicket, actor: Actor): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const ticket = await insertTicket(tx, {
      subject: input.subject.trim(),
      description: input.description,
      requesterEmail: input.requesterEmail.toLowerCase(),
      priority: input.priority,
      createdById: actor.id,
    });
    await recordEvent(tx, 'tickets', ticketCreatedV1, {
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      requesterEmail: ticket.requesterEmail,
      status: ticket.status,
      priority: ticket.priority,
      createdBy: actor,
      createdAt: ticket.createdAt.toISOString(),
    });
    return ticket;
  });
}
