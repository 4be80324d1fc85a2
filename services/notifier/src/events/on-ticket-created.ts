import type { Envelope, EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase, Tx } from '../persistence/client.js';
import { acknowledgeTicket } from '../domain/acknowledge-ticket.js';

export function onTicketCreated(
  event: Envelope<EventData<typeof ticketCreatedV1>>,
  tx: Tx,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): Promise<void> {
  return acknowledgeTicket(tx, event.id, event.data, config.MAIL_FROM);
}
