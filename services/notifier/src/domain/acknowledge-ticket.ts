import type { EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { queueEmail } from '../persistence/outgoing-email.repository.js';
import { newMessageId } from './message-id.js';

type TicketCreated = EventData<typeof ticketCreatedV1>;

/** The subject carries the ticket number, so that a reply threads back onto the ticket. */
export function acknowledgementSubject(ticket: TicketCreated): string {
  return `[Ticket #${ticket.number}] ${ticket.subject}`;
}

export function acknowledgementText(ticket: TicketCreated): string {
  return [
    'Hello,',
    '',
    `thank you for contacting us. We have received your request and opened ticket #${ticket.number}:`,
    '',
    `    ${ticket.subject}`,
    '',
    'Our team will get back to you. To add information, reply to this email and keep the ticket number in the subject.',
    '',
    'Your support team',
  ].join('\n');
}

/** Queues the acknowledgement to the requester, in the transaction that marks the event handled. */
export async function acknowledgeTicket(tx: Tx, eventId: string, ticket: TicketCreated, sender: string): Promise<void> {
  await queueEmail(tx, {
    messageId: newMessageId(sender),
    kind: 'ticket_acknowledgement',
    toAddress: ticket.requesterEmail,
    subject: acknowledgementSubject(ticket),
    textBody: acknowledgementText(ticket),
    causedByEvent: eventId,
  });
}
