import { ticketAssignedV1, ticketCreatedV1, ticketReopenedV1, ticketStatusChangedV1, ticketUpdatedV1, type Envelope, type EventData, type TicketSnapshot } from '@helpdesk/contracts-schema';
import type { EventGroupHandler } from '@helpdesk/runtime';
import type { ContractsConfig } from '../config.js';
import type { ContractsDatabase } from '../persistence/client.js';
import { saveNewerTickets, type ProjectedTicket, type TicketEventEffect } from '../persistence/ticket-projection.repository.js';
import type { Static } from '@helpdesk/validation';

/** What every ticket.* event after ticket.created carries (ticketChangeFields of the tickets' events). */
export type TicketChange = Envelope<{ ticketId: string; number: number; customerId: string | null; at: string; ticket?: Static<typeof TicketSnapshot> }>;

/** The ticket as ticket.created describes it: time can be logged on it from now on. */
function createdTicket({ data }: Envelope<EventData<typeof ticketCreatedV1>>): ProjectedTicket {
  return {
    id: data.ticketId,
    number: data.number,
    subject: data.subject,
    customerId: data.customerId ?? null,
    contractId: data.contractId,
    teamId: data.teamId ?? null,
    status: data.status,
    openedAt: data.createdAt,
  };
}

/**
 * ticket.updated, .status_changed, .assigned, .reopened (and .closed, onTicketClosed): the ticket after the
 * change, from the event's snapshot. An event without one (recorded before issue 12, which this service's
 * queue never held) says too little to keep; the next change brings the whole ticket.
 */
export function changedTicket({ data }: TicketChange): ProjectedTicket | null {
  const { ticketId, number, customerId, at, ticket } = data;
  if (!ticket) return null;
  return { id: ticketId, number, subject: ticket.subject, customerId, contractId: ticket.contractId, teamId: ticket.teamId, status: ticket.status, openedAt: at };
}

/**
 * The ticket events every ticket brings (all but its closing, which may announce the contract's hours):
 * kept a group at a time, in one statement per group (libs/runtime eventGroups), as the tickets service
 * publishes them, where a transaction per event through Prisma cost this service more CPU per ticket than
 * the tickets service spends creating it (bench/README.md).
 */
export const ticketEventGroups: EventGroupHandler<ContractsConfig, ContractsDatabase> = {
  events: [ticketCreatedV1, ticketUpdatedV1, ticketStatusChangedV1, ticketAssignedV1, ticketReopenedV1],
  handleGroup(events, { db }) {
    // A redelivery can arrive in the same group as the event it repeats: it is one event.
    const distinct = [...new Map(events.map((event) => [event.id, event])).values()];
    const effects = distinct.map(
      (event): TicketEventEffect => ({
        eventId: event.id,
        version: event.aggregate.version,
        ticket: event.type === ticketCreatedV1.type ? createdTicket(event as Envelope<EventData<typeof ticketCreatedV1>>) : changedTicket(event as TicketChange),
      }),
    );
    return saveNewerTickets(db.pool, 'contracts', effects);
  },
};
