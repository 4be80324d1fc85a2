import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { AutomaticMark, InboundAttachment, MailAddress, MessageIdValue } from './inbound-email-shared.js';

const Uuid = Type.String({ format: 'uuid' });

export const inboundEmailReceivedV1 = defineEvent({
  type: 'inbound_email.received',
  version: 1,
  producer: 'mail-ingest',
  aggregate: 'inbound_email',
  description:
    'An email fetched from a tickets-from-email account was stored, parsed and sanitised, and is to be filed as a ticket or a note. ' +
    'Duplicates, quarantined mail, bounces and mail carrying the loop header are never announced. The HTML is already sanitised; ' +
    'the bodies are capped (the raw source stays in mail-ingest).',
  schema: Type.Object({
    emailId: Uuid,
    emailAccountId: Uuid,
    /** The mailbox the email was fetched from (the account's address). */
    mailbox: Type.String({ minLength: 1 }),
    receivedAt: Type.String({ format: 'date-time' }),
    /** What a ticket opened by this email gets, from the account's settings. */
    defaults: Type.Object({ teamId: Type.Union([Uuid, Type.Null()]), priority: Type.String({ minLength: 1 }) }),
    messageId: Type.Union([MessageIdValue, Type.Null()]),
    inReplyTo: Type.Union([MessageIdValue, Type.Null()]),
    references: Type.Array(MessageIdValue, { maxItems: 200 }),
    from: MailAddress,
    to: Type.Array(MailAddress, { maxItems: 1000 }),
    cc: Type.Array(MailAddress, { maxItems: 1000 }),
    /** The decoded Subject header, "" when there is none. */
    subject: Type.String({ maxLength: 2000 }),
    /** The Date header, null when missing or unreadable. */
    date: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    text: Type.String(),
    /** Sanitised; inline images point at `/api/attachments/{attachmentId}`. Null when the email has no HTML body. */
    html: Type.Union([Type.String(), Type.Null()]),
    /** A body was cut to the cap; the full source can be read in mail-ingest. */
    truncated: Type.Boolean(),
    attachments: Type.Array(InboundAttachment, { maxItems: 500 }),
    automatic: Type.Union([AutomaticMark, Type.Null()]),
  }),
  example: {
    emailId: '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281',
    emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    mailbox: 'support@helpdesk.example',
    receivedAt: '2026-12-01T09:00:00.000Z',
    defaults: { teamId: null, priority: 'normal' },
    messageId: '<3f1c2a9e@acme.example>',
    inReplyTo: null,
    references: [],
    from: { address: 'anna.berg@acme.example', name: 'Anna Berg' },
    to: [{ address: 'support@helpdesk.example', name: null }],
    cc: [],
    subject: 'Printer on floor 3 is offline',
    date: '2026-12-01T08:59:58.000Z',
    text: 'The printer on floor 3 shows "offline" since this morning.',
    html: null,
    truncated: false,
    attachments: [],
    automatic: null,
  },
});
