import type { Envelope, TicketSnapshot } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import type { Static } from '@helpdesk/validation';
import { saveNewerTicket } from '../persistence/ticket-projection.repository.js';

/** What every ticket.* event after ticket.created carries (ticketChangeFields of the tickets' events). */
export type TicketChange = Envelope<{ ticketId: string; number: number; customerId: string | null; at: string; ticket?: Static<typeof TicketSnapshot> }>;

/**
 * ticket.updated, .status_changed, .assigned, .reopened, .closed: the ticket after the change, from the
 * event's snapshot. An event without one (recorded before issue 12, which this service's queue never
 * held) says too little to keep; the next change brings the whole ticket.
 */
export async function onTicketChanged(event: TicketChange, tx: SqlExecutor): Promise<void> {
  const { ticketId, number, customerId, at, ticket } = event.data;
  if (!ticket) return;
  await saveNewerTicket(tx, event.aggregate.version, {
    id: ticketId,
    number,
    subject: ticket.subject,
    customerId,
    contractId: ticket.contractId,
    teamId: ticket.teamId,
    status: ticket.status,
    openedAt: at,
  });
}
