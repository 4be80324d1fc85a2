import { Type } from '@helpdesk/validation';

const Uuid = Type.String({ format: 'uuid' });

/**
 * Who made a change: an agent (staff user), a contact (in the portal, or by an email from their address),
 * or an email from a sender who is no contact (id: the inbound email's id; added after v1's first release).
 */
export const TicketActor = Type.Object({
  kind: Type.Union([Type.Literal('staff'), Type.Literal('contact'), Type.Literal('email')]),
  id: Uuid,
});

/**
 * The email a ticket or note came from (added after v1's first release; absent for portal and agent
 * work): what the notifier needs to answer in thread, or to know it must not answer at all.
 */
export const TicketSourceEmail = Type.Optional(
  Type.Object({
    emailId: Uuid,
    emailAccountId: Uuid,
    /** The mailbox it was sent to: an answer goes out from there. */
    mailbox: Type.String({ minLength: 1 }),
    from: Type.String({ minLength: 1 }),
    /** Null when the email had none; an answer then has no In-Reply-To. */
    messageId: Type.Union([Type.String({ minLength: 3 }), Type.Null()]),
    /** The email's References, for an answer's References (its own Message-ID appended). */
    references: Type.Array(Type.String({ minLength: 3 }), { maxItems: 200 }),
    /** The email was automatic (auto-reply, list, bulk...): nothing may answer it automatically. */
    automatic: Type.Boolean(),
  }),
);

const NullableId = Type.Union([Uuid, Type.Null()]);
const NullableName = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);

/**
 * The ticket as it is after the change, with the names an email about it shows (added within v1; absent
 * in events recorded before): what the notifier's automations test and render without reading anything.
 */
export const TicketSnapshot = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 250 }),
  status: Type.String({ minLength: 1 }),
  priority: Type.String({ minLength: 1 }),
  channel: Type.Union([Type.Literal('portal'), Type.Literal('agent'), Type.Literal('email')]),
  requesterEmail: Type.String({ minLength: 1, maxLength: 320, pattern: '@' }),
  customerName: NullableName,
  customerGroupId: NullableId,
  contactId: NullableId,
  contactFirstName: NullableName,
  contactLastName: NullableName,
  teamId: NullableId,
  assigneeId: NullableId,
  emailAccountId: NullableId,
  /** The address of the email account the ticket came in by, or null: where a customer's reply should go. */
  replyMailbox: Type.Union([Type.String({ minLength: 3, maxLength: 320 }), Type.Null()]),
  /** The contract the ticket is assigned to (added within v1; absent in events recorded before). */
  contractId: Type.Optional(NullableId),
});

export const exampleTicketSnapshot = {
  subject: 'Printer on floor 3 is offline',
  status: 'open',
  priority: 'normal',
  channel: 'portal' as const,
  requesterEmail: 'dana@customer.example',
  customerName: 'Customer Ltd',
  customerGroupId: null,
  contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
  contactFirstName: 'Dana',
  contactLastName: 'Scully',
  teamId: null,
  assigneeId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  emailAccountId: null,
  replyMailbox: null,
};

/** What every ticket event after ticket.created carries: which ticket, whose, who changed it, when. */
export const ticketChangeFields = {
  ticketId: Uuid,
  number: Type.Integer({ minimum: 1 }),
  /** Null for a ticket opened without a customer (by an agent, or from an unknown sender). */
  customerId: Type.Union([Uuid, Type.Null()]),
  actor: TicketActor,
  at: Type.String({ format: 'date-time' }),
  /** The ticket after the change (optional within v1). */
  ticket: Type.Optional(TicketSnapshot),
  /** The actor's display name, for emails ("Alex Agent changed the status"); optional within v1. */
  actorName: Type.Optional(NullableName),
};

export const TicketStatusName = Type.Union(
  ['new', 'open', 'pending', 'resolved', 'closed'].map((status) => Type.Literal(status)),
);

export const exampleTicketChange = {
  ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
  number: 1001,
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  actor: { kind: 'staff' as const, id: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d' },
  at: '2026-11-25T10:05:00.000Z',
};
