import type { Envelope, EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { saveNewerTicket } from '../persistence/ticket-projection.repository.js';

/** A new ticket: time can be logged on it from now on. */
export async function onTicketCreated(event: Envelope<EventData<typeof ticketCreatedV1>>, tx: SqlExecutor): Promise<void> {
  const data = event.data;
  await saveNewerTicket(tx, event.aggregate.version, {
    id: data.ticketId,
    number: data.number,
    subject: data.subject,
    customerId: data.customerId ?? null,
    contractId: data.contractId,
    teamId: data.teamId ?? null,
    status: data.status,
    openedAt: data.createdAt,
  });
}
