import { ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import { appendHistory } from '../persistence/history.repository.js';
import { insertTicket, type NewTicketRow, type Ticket } from '../persistence/ticket.repository.js';
import { createdEntry } from './history.js';
import type { Actor } from './ticket.js';

export type TicketToOpen = Omit<NewTicketRow, 'createdByKind' | 'createdById'>;

/** Stores a new ticket, the first line of its history and ticket.created, in the caller's transaction. */
export async function openTicket(tx: Tx, input: TicketToOpen, actor: Actor): Promise<Ticket> {
  const ticket = await insertTicket(tx, {
    ...input,
    subject: input.subject.trim(),
    requesterEmail: input.requesterEmail.toLowerCase(),
    createdByKind: actor.kind,
    createdById: actor.id,
  });
  await appendHistory(tx, ticket.id, ticket.createdAt, actor, [createdEntry]);
  await recordEvent(tx, 'tickets', ticketCreatedV1, ticket, {
    ticketId: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    requesterEmail: ticket.requesterEmail,
    status: ticket.status,
    priority: ticket.priority,
    createdBy: actor,
    createdAt: ticket.createdAt.toISOString(),
    customerId: ticket.customerId,
    contactId: ticket.contactId,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    emailAccountId: ticket.emailAccountId,
  });
  return ticket;
}
