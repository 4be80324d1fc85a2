import type { EventData, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { mayAnswerAutomatically, threadingOf } from './automatic-answers.js';
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

/**
 * The longest address SMTP can carry (RFC 5321 4.5.3.1.3: a path of 256 octets with its angle
 * brackets), and the outgoing_emails column's width. A ticket opened by an email may have a longer
 * requester (ticket.created takes up to 320 characters, as mail-ingest decodes them): nothing can be
 * sent there, and trying would fail the event for good.
 */
export const maxDeliverableAddress = 254;

/**
 * The acknowledgement to the requester of a new ticket: none for a ticket opened by an automatic
 * email (nothing answers those) or to an address SMTP cannot carry; in the email's thread for a
 * ticket opened by an email.
 */
export function acknowledgementEmails(eventId: string, ticket: TicketCreated, sender: string): NewOutgoingEmail[] {
  if (!mayAnswerAutomatically(ticket)) return [];
  if (ticket.requesterEmail.length > maxDeliverableAddress) return [];
  return [
    {
      messageId: newMessageId(sender),
      kind: 'ticket_acknowledgement',
      toAddress: ticket.requesterEmail,
      subject: acknowledgementSubject(ticket),
      textBody: acknowledgementText(ticket),
      causedByEvent: eventId,
      ticketId: ticket.ticketId,
      threading: threadingOf(ticket),
      // RFC 3834: an answer to a message is auto-replied; an acknowledgement of a portal or agent ticket answers none.
      autoSubmitted: ticket.sourceEmail ? 'auto-replied' : 'auto-generated',
    },
  ];
}
