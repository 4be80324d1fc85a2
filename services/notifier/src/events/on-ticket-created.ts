import type { Envelope, EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { acknowledgeTicket } from '../domain/acknowledge-ticket.js';

export function onTicketCreated(event: Envelope<EventData<typeof ticketCreatedV1>>, tx: Tx): Promise<void> {
  return acknowledgeTicket(tx, event.id, event.data);
}
