// The format of the corpus: world.json (the customers and the system every case starts from) and
// each case's expected.json. README.md beside this file explains each field and the proposed rules.
import { Type, type Static } from '@helpdesk/validation';

const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' });
const TicketRef = Type.String({ pattern: '^T[0-9]+$', description: 'a ticket of `given.tickets`, e.g. "T1"' });
const CustomerKey = Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'a customer of world.json' });
/** A Message-ID with its angle brackets, or a placeholder for one known only at run time. */
const MessageId = Type.String({ pattern: '^(<[^<>\\s]+>|\\{\\{T[0-9]+\\.messageId\\}\\})$' });

export const World = Type.Object(
  {
    system: Type.Object(
      {
        mailbox: Email,
        otherMailboxes: Type.Array(Email),
        messageIdDomain: Type.String({ minLength: 1 }),
        loopHeader: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    settings: Type.Object(
      {
        reopenWithinDays: Type.Integer({ minimum: 0, description: 'a reply to a ticket closed at most this long ago reopens it; later, it opens a new ticket linked to the old one' }),
        maxMessageBytes: Type.Integer({ minimum: 1024, description: 'the size cap the tests run with (the default of the setting is larger)' }),
      },
      { additionalProperties: false },
    ),
    customers: Type.Array(
      Type.Object(
        {
          key: CustomerKey,
          name: Type.String({ minLength: 1 }),
          emailDomains: Type.Array(Type.String({ minLength: 1 })),
          contacts: Type.Array(Type.Object({ email: Email, name: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type World = Static<typeof World>;

const GivenTicket = Type.Object(
  {
    ref: TicketRef,
    customer: CustomerKey,
    requester: Email,
    participants: Type.Array(Email),
    status: Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('closed')]),
    closedDaysAgo: Type.Optional(Type.Integer({ minimum: 0 })),
    subject: Type.String({ minLength: 1 }),
    receivedMessageIds: Type.Array(MessageId, { description: 'Message-IDs of customer emails already on the ticket' }),
    ccOnFirstMail: Type.Optional(Type.Array(Email, { description: 'who was in copy of the email that opened the ticket' })),
  },
  { additionalProperties: false },
);

const Automatic = Type.Object(
  {
    header: Type.Union(['Auto-Submitted', 'X-Autoreply', 'X-Auto-Response-Suppress', 'Precedence', 'List-Id', 'Return-Path'].map((h) => Type.Literal(h))),
    value: Type.String(),
  },
  { additionalProperties: false },
);

const Attachment = Type.Object(
  {
    filename: Type.String({ minLength: 1 }),
    contentType: Type.String({ minLength: 1 }),
    size: Type.Optional(Type.Integer({ minimum: 0, description: 'decoded bytes; left out where the source is damaged' })),
    inline: Type.Boolean(),
    contentId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const Fragments = Type.Object(
  { mustContain: Type.Array(Type.String({ minLength: 1 })), mustNotContain: Type.Array(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);

export const Outcome = Type.Object(
  {
    record: Type.Union(['new-ticket', 'joined-ticket', 'duplicate', 'bounce', 'quarantined', 'own-mail'].map((r) => Type.Literal(r))),
    ticket: Type.Optional(TicketRef),
    rule: Type.Optional(Type.Union([Type.Literal('in-reply-to'), Type.Literal('references'), Type.Literal('subject-number')])),
    reopened: Type.Optional(Type.Boolean()),
    linkedTo: Type.Optional(TicketRef),
    customer: Type.Optional(Type.Union([CustomerKey, Type.Null()], { description: 'null: the unassigned queue' })),
    requester: Type.Optional(Email),
    newContact: Type.Optional(Type.Object({ email: Email, name: Type.String(), customer: CustomerKey }, { additionalProperties: false })),
    participantsAdded: Type.Optional(Type.Array(Email)),
    ticketSubject: Type.Optional(Type.String()),
    bounce: Type.Optional(
      Type.Object({ against: MessageId, recipient: Email, action: Type.String(), status: Type.String({ pattern: '^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}$' }) }, { additionalProperties: false }),
    ),
    quarantine: Type.Optional(Type.Object({ reason: Type.Union([Type.Literal('too-large'), Type.Literal('no-sender'), Type.Literal('parse-failed'), Type.Literal('parse-timeout')]) }, { additionalProperties: false })),
    from: Type.Optional(Type.Object({ address: Email, name: Type.Optional(Type.String()) }, { additionalProperties: false })),
    subject: Type.Optional(Type.String({ description: 'the decoded Subject header ("" when there is none)' })),
    automatic: Type.Union([Automatic, Type.Null()]),
    autoAnswerAllowed: Type.Boolean(),
    text: Type.Optional(Fragments),
    html: Type.Optional(Type.Union([Fragments, Type.Null()], { description: 'null: the email has no HTML body' })),
    attachments: Type.Optional(Type.Array(Attachment, { description: 'every attachment and inline image, in order' })),
  },
  { additionalProperties: false },
);
export type Outcome = Static<typeof Outcome>;

export const ExpectedCase = Type.Object(
  {
    title: Type.String({ minLength: 10 }),
    kinds: Type.Array(Type.String({ pattern: '^[a-z0-9-]+$' }), { minItems: 1 }),
    notes: Type.Optional(Type.String()),
    given: Type.Object(
      {
        tickets: Type.Array(GivenTicket),
        earlierDeliveries: Type.Optional(Type.Integer({ minimum: 0, description: 'how often this same message.eml was delivered to the mailbox and ingested before' })),
      },
      { additionalProperties: false },
    ),
    generate: Type.Optional(
      Type.Object(
        {
          oversizeBy: Type.Optional(Type.Integer({ minimum: 1, description: '{{generated.padding}} becomes base64 lines making the message this many bytes larger than the size cap' })),
          links: Type.Optional(Type.Integer({ minimum: 1, description: '{{generated.links}} becomes this many <li><a href=...> lines' })),
        },
        { additionalProperties: false },
      ),
    ),
    parse: Type.Object({ throws: Type.Boolean(), notes: Type.Optional(Type.String()) }, { additionalProperties: false }),
    expected: Outcome,
  },
  { additionalProperties: false },
);
export type ExpectedCase = Static<typeof ExpectedCase>;

/** Every kind the corpus test names: each must be the kind of at least one case. */
export const requiredKinds = [
  'plain', 'html-only', 'multipart-alternative', 'attachments', 'inline-images',
  'encoded-words-b', 'encoded-words-q', 'utf-8', 'iso-8859-1', 'windows-1252', 'iso-2022-jp', 'koi8-r',
  'forwarded-inline', 'forwarded-rfc822',
  'reply-in-reply-to', 'reply-references', 'reply-subject-number', 'subject-number-variants',
  'foreign-customer-number', 'cc-reply', 'reply-closed-ticket', 'reply-closed-ticket-after-window',
  'out-of-office', 'auto-submitted', 'x-autoreply', 'x-auto-response-suppress',
  'precedence-bulk', 'precedence-junk', 'precedence-list', 'list-id', 'empty-return-path',
  'bounce-dsn', 'own-mail', 'mailing-list', 'no-message-id', 'duplicate',
  'malformed-mime', 'malformed-boundary', 'malformed-base64', 'malformed-charset',
  'oversized', 'many-links', 'script-html', 'quarantine',
  'unknown-sender-domain-match', 'unknown-sender-no-match',
  'outlook', 'gmail', 'apple-mail', 'thunderbird',
] as const;
