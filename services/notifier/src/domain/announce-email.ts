import { createEvent, outgoingEmailQueuedV1, type Envelope } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail, QueuedEmail } from '../persistence/outgoing-email.repository.js';

/**
 * Gives an email its row id and the outgoing_email.queued event that announces it (the tickets
 * service keeps the Message-IDs of a ticket's emails), caused by the event the email answers.
 */
export function withAnnouncement(email: NewOutgoingEmail, cause: Envelope, id: string): QueuedEmail {
  const announcement = createEvent(
    outgoingEmailQueuedV1,
    { id, version: 1 },
    { outgoingEmailId: id, messageId: email.messageId, kind: email.kind, ticketId: email.ticketId ?? null },
    { producer: 'notifier', correlationId: cause.correlationId, causationId: cause.id },
  );
  return { ...email, id, announcement: announcement as Envelope };
}
