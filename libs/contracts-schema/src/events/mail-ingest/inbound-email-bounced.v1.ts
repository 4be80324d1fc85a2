import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { MessageIdValue } from './inbound-email-shared.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const inboundEmailBouncedV1 = defineEvent({
  type: 'inbound_email.bounced',
  version: 1,
  producer: 'mail-ingest',
  aggregate: 'inbound_email',
  description:
    'A delivery-status report (multipart/report) arrived in a tickets-from-email account: an email the system sent was not delivered. ' +
    'It never opens or joins a ticket; the notifier marks the email it answers.',
  schema: Type.Object({
    emailId: Uuid,
    emailAccountId: Uuid,
    /** The Message-ID of the returned email, null when the report does not quote it. */
    againstMessageId: Nullable(MessageIdValue),
    recipient: Nullable(Type.String({ maxLength: 320 })),
    action: Nullable(Type.String({ maxLength: 100 })),
    status: Nullable(Type.String({ maxLength: 32 })),
    diagnostic: Nullable(Type.String({ maxLength: 2000 })),
  }),
  example: {
    emailId: '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281',
    emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    againstMessageId: '<1b2c3d4e@helpdesk.example>',
    recipient: 'l.chen@initech.example',
    action: 'failed',
    status: '5.1.1',
    diagnostic: 'smtp; 550 5.1.1 <l.chen@initech.example>: Recipient address rejected: User unknown',
  },
});
