import { randomUUID } from 'node:crypto';
import { ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { eventOfCurrentWork } from '@helpdesk/outbox';
import type { TicketsDatabase } from '../persistence/client.js';
import { insertTicket, type NewTicketRow, type Ticket } from '../persistence/ticket.repository.js';
import { createdEntry } from './history.js';
import type { Actor } from './ticket.js';

/** `createdAt`: the caller's one reading of the clock, the same its contract check used (a contract ending that midnight). */
export type TicketToOpen = Omit<NewTicketRow, 'id' | 'status' | 'createdByKind' | 'createdById' | 'channel'>;

// The number comes from the tickets' sequence in the statement that stores the ticket, which writes
// it into the event; this stands in for it while the event is validated.
const numberStandIn = 1;

/** A contact's names the caller knows before the projection may (one it has just added). */
export interface KnownContactNames {
  firstName: string;
  lastName: string;
}

/**
 * Stores a new ticket, the first line of its history and ticket.created, in one statement. The event's
 * names (customer, group, contact, reply mailbox) are what that statement reads from the projections,
 * or `contactNames` where the projection has none yet.
 */
export async function openTicket(db: TicketsDatabase, input: TicketToOpen, actor: Actor, contactNames?: KnownContactNames): Promise<Ticket> {
  const row: NewTicketRow = {
    ...input,
    id: randomUUID(),
    subject: input.subject.trim(),
    requesterEmail: input.requesterEmail.toLowerCase(),
    status: 'new',
    createdByKind: actor.kind,
    createdById: actor.id,
    channel: actor.kind === 'contact' ? 'portal' : 'agent',
  };
  const event = eventOfCurrentWork('tickets', ticketCreatedV1, { id: row.id, version: 1 }, {
    ticketId: row.id,
    number: numberStandIn,
    subject: row.subject,
    requesterEmail: row.requesterEmail,
    status: row.status,
    priority: row.priority,
    createdBy: actor,
    createdAt: row.createdAt.toISOString(),
    customerId: row.customerId,
    contactId: row.contactId,
    teamId: row.teamId,
    assigneeId: row.assigneeId,
    emailAccountId: row.emailAccountId,
    contractId: row.contractId,
    channel: row.channel,
    customerName: null,
    customerGroupId: null,
    contactFirstName: contactNames?.firstName.slice(0, 200) ?? null,
    contactLastName: contactNames?.lastName.slice(0, 200) ?? null,
    replyMailbox: null,
  });
  const ticket = await insertTicket(db.pool, row, createdEntry, event);
  // One statement on the pool, not a transaction: tell the service's relay itself.
  db.statementCommitted({ wroteOutbox: true });
  return ticket;
}
