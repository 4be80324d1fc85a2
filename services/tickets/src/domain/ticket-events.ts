import { ticketNoteAddedV1, type EventData, type ticketStatusChangedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import type { TicketNote } from '../persistence/note.repository.js';
import type { NamedTicket } from '../persistence/ticket.repository.js';
import type { Actor } from './ticket.js';

type TicketSnapshot = NonNullable<EventData<typeof ticketStatusChangedV1>['ticket']>;

/**
 * The ticket after a change as its events carry it (`ticket`): its own columns and the names the
 * statement that wrote it read from the projections, so an email about it needs no read of its own.
 */
export function snapshotOf(ticket: NamedTicket): TicketSnapshot {
  const { names } = ticket;
  return {
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    // Every row has one since migration 0006; the type still allows none.
    channel: (ticket.channel ?? 'agent') as TicketSnapshot['channel'],
    requesterEmail: ticket.requesterEmail,
    customerName: names.customerName,
    customerGroupId: names.customerGroupId,
    contactId: ticket.contactId,
    contactFirstName: names.contactFirstName,
    contactLastName: names.contactLastName,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    emailAccountId: ticket.emailAccountId,
    replyMailbox: names.replyMailbox,
    contractId: ticket.contractId,
  };
}

/**
 * What every ticket event after ticket.created carries about the change: which ticket, who, when, the
 * ticket after it, and the actor's name (a contact's; null for staff, whose names this service does not know).
 */
export function changeOf(ticket: NamedTicket, actor: Actor) {
  return {
    ticketId: ticket.id,
    number: ticket.number,
    customerId: ticket.customerId,
    actor,
    at: ticket.updatedAt.toISOString(),
    ticket: snapshotOf(ticket),
    actorName: ticket.names.actorName,
  };
}

/** The event carries the body of a public note only: an internal note's text never leaves this service. */
export async function recordNoteAdded(tx: Tx, ticket: NamedTicket, actor: Actor, note: TicketNote): Promise<void> {
  const base = { ...changeOf(ticket, actor), noteId: note.id };
  const data: EventData<typeof ticketNoteAddedV1> =
    note.visibility === 'public' ? { ...base, visibility: 'public', body: note.body } : { ...base, visibility: 'internal' };
  await recordEvent(tx, 'tickets', ticketNoteAddedV1, ticket, data);
}
