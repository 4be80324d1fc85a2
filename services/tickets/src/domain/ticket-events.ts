import { ticketNoteAddedV1, type EventData } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import type { TicketNote } from '../persistence/note.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import type { Actor } from './ticket.js';

/** What every ticket event after ticket.created carries about the change. */
export function changeOf(ticket: Ticket, actor: Actor) {
  return { ticketId: ticket.id, number: ticket.number, customerId: ticket.customerId, actor, at: ticket.updatedAt.toISOString() };
}

/** The event carries the body of a public note only: an internal note's text never leaves this service. */
export async function recordNoteAdded(tx: Tx, ticket: Ticket, actor: Actor, note: TicketNote): Promise<void> {
  const base = { ...changeOf(ticket, actor), noteId: note.id };
  const data: EventData<typeof ticketNoteAddedV1> =
    note.visibility === 'public' ? { ...base, visibility: 'public', body: note.body } : { ...base, visibility: 'internal' };
  await recordEvent(tx, 'tickets', ticketNoteAddedV1, ticket, data);
}
