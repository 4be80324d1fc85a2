import type { Envelope, EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { acknowledgementEmails } from '../domain/acknowledge-ticket.js';

export function onTicketCreated(
  event: Envelope<EventData<typeof ticketCreatedV1>>,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): NewOutgoingEmail[] {
  return acknowledgementEmails(event.id, event.data, config.MAIL_FROM);
}
