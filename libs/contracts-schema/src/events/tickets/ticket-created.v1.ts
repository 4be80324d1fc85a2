import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { TicketSourceEmail } from './shared.js';

// Optional fields were added after the first release of v1; consumers that predate them ignore them.
const OptionalId = Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()]));
const NullableName = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);

export const ticketCreatedV1 = defineEvent({
  type: 'ticket.created',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: 'A ticket was opened, by an agent, a portal contact or an incoming email.',
  schema: Type.Object({
    ticketId: Type.String({ format: 'uuid' }),
    number: Type.Integer({ minimum: 1 }),
    subject: Type.String({ minLength: 1, maxLength: 250 }),
    /**
     * The requester's address. Not ajv's ASCII `format: email`: a ticket opened by an email keeps the
     * sender as mail-ingest decoded it (a UTF-8 or quoted local part, up to 320 characters), and
     * refusing it here lost the email (review item 1). Relaxed within v1: every consumer reads
     * events through this library, and what they accepted before they still accept.
     */
    requesterEmail: Type.String({ minLength: 1, maxLength: 320, pattern: '@' }),
    status: Type.String({ minLength: 1 }),
    priority: Type.String({ minLength: 1 }),
    createdBy: Type.Object({ kind: Type.String(), id: Type.String() }),
    createdAt: Type.String({ format: 'date-time' }),
    customerId: OptionalId,
    contactId: OptionalId,
    teamId: OptionalId,
    assigneeId: OptionalId,
    emailAccountId: OptionalId,
    /** The contract the ticket is assigned to (added within v1). */
    contractId: OptionalId,
    /** portal, agent or email; absent in events recorded before it was added. */
    channel: Type.Optional(Type.Union([Type.Literal('portal'), Type.Literal('agent'), Type.Literal('email')])),
    sourceEmail: TicketSourceEmail,
    /** Names and the reply mailbox an email about the ticket shows (optional within v1, like TicketSnapshot's). */
    customerName: Type.Optional(NullableName),
    customerGroupId: OptionalId,
    contactFirstName: Type.Optional(NullableName),
    contactLastName: Type.Optional(NullableName),
    replyMailbox: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 320 }), Type.Null()])),
  }),
  example: {
    ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
    number: 1001,
    subject: 'Printer on floor 3 is offline',
    requesterEmail: 'dana@customer.example',
    status: 'new',
    priority: 'normal',
    createdBy: { kind: 'staff', id: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d' },
    createdAt: '2026-11-25T10:00:00.000Z',
    customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
    contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
    teamId: null,
    assigneeId: null,
    emailAccountId: null,
  },
});
