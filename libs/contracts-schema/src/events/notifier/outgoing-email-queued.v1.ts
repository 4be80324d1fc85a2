import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

const Uuid = Type.String({ format: 'uuid' });

export const outgoingEmailQueuedV1 = defineEvent({
  type: 'outgoing_email.queued',
  version: 1,
  producer: 'notifier',
  aggregate: 'outgoing_email',
  description:
    'The notifier queued an email with a Message-ID fixed at queueing. The tickets service keeps the Message-IDs of a ' +
    "ticket's emails, so that a reply threads back onto the ticket and the system's own mail is never imported.",
  schema: Type.Object({
    outgoingEmailId: Uuid,
    messageId: Type.String({ minLength: 3, maxLength: 1000 }),
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    /** The ticket the email is about; null for emails about no ticket (invitations, password resets). */
    ticketId: Type.Union([Uuid, Type.Null()]),
  }),
  example: {
    outgoingEmailId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    messageId: '<1b2c3d4e@helpdesk.example>',
    kind: 'ticket_acknowledgement',
    ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
  },
});
