import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { FilingRule } from '../mail-ingest/inbound-email-shared.js';

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const inboundEmailFiledV1 = defineEvent({
  type: 'inbound_email.filed',
  version: 1,
  producer: 'tickets',
  aggregate: 'inbound_email',
  description:
    'The tickets service decided what an inbound email became: a new ticket, a note on a ticket (and by which rule), ' +
    'a duplicate of an email already on a ticket, or the system\'s own mail. mail-ingest writes it into the processing record.',
  schema: Type.Object({
    emailId: Uuid,
    emailAccountId: Uuid,
    outcome: Type.Union(['new-ticket', 'joined-ticket', 'duplicate', 'own-mail'].map((o) => Type.Literal(o))),
    ticketId: NullableUuid,
    number: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    /** How a reply found its ticket (joined-ticket); null otherwise. */
    rule: Type.Union([FilingRule, Type.Null()]),
    /** The ticket was closed and the reply reopened it. */
    reopened: Type.Boolean(),
    /** A reply to a ticket closed too long ago opened a new ticket linked to this one. */
    linkedTicketId: NullableUuid,
    customerId: NullableUuid,
    contactId: NullableUuid,
    noteId: NullableUuid,
    /** Why, in words for the administrator reading the record. */
    detail: Type.String({ minLength: 1, maxLength: 2000 }),
  }),
  example: {
    emailId: '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281',
    emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    outcome: 'joined-ticket' as const,
    ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
    number: 1001,
    rule: 'in-reply-to' as const,
    reopened: false,
    linkedTicketId: null,
    customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
    contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
    noteId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    detail: 'In-Reply-To <1b2c3d4e@helpdesk.example> is the acknowledgement of ticket #1001.',
  },
});
