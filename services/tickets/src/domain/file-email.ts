import { randomUUID } from 'node:crypto';
import {
  inboundEmailFiledV1,
  ticketCreatedV1,
  ticketNoteAddedV1,
  ticketReopenedV1,
  ticketStatusChangedV1,
  type Envelope,
  type EventData,
  type inboundEmailReceivedV1,
} from '@helpdesk/contracts-schema';
import { inPgTransaction, pgExecutor, type SqlExecutor } from '@helpdesk/db';
import { runWithContext } from '@helpdesk/logging';
import { addAllToOutbox, eventOfCurrentWork } from '@helpdesk/outbox';
import { CustomersRefusedError, type CustomersClient } from '../clients/customers.js';
import type { TicketsDatabase } from '../persistence/client.js';
import {
  addAttachments,
  addMessageId,
  addParticipants,
  addReferencedMessageIds,
  contactsOfCustomerAmong,
  findActiveContactsByEmail,
  findCustomersWithDomain,
  findFilings,
  findKnownMessageIds,
  findTicketsByNumbers,
  findTicketsReferencing,
  insertEmailNote,
  insertEmailTicket,
  lockMessageIds,
  lockThreadTicket,
  recordNewlyProcessed,
  saveFiling,
} from '../persistence/inbound-email.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import {
  copiedAddresses,
  customerByDomain,
  decideReply,
  domainOf,
  findThread,
  normaliseMessageId,
  noteText,
  priorityOf,
  referencedBy,
  senderCustomer,
  subjectTicket,
  threadLookup,
  ticketSubject,
  type FilingOutcome,
  type FilingRule,
  type KnownMessageId,
  type Sender,
  type ThreadLookup,
} from './file-inbound-email.js';
import { changeOf } from './ticket-events.js';
import type { Actor } from './ticket.js';

export type InboundEmail = EventData<typeof inboundEmailReceivedV1>;
type Filed = EventData<typeof inboundEmailFiledV1>;

export interface FilingSettings {
  reopenWithinDays: number;
  /** The consumer name under which the event is recorded as applied (the service's name). */
  consumer: string;
}

/** An email of a group with what is known of it before its filing's transaction. */
interface ToFile {
  event: Envelope<InboundEmail>;
  email: InboundEmail;
  messageId: string | undefined;
  lookup: ThreadLookup;
  /** Undefined for mail whose Message-ID the system already had: it needs no sender. */
  sender: Sender | undefined;
}

/**
 * Files a group of inbound emails that arrived together (issue 11 §6): each a new ticket, a public
 * note on the ticket it answers (and by which rule), a duplicate of an email already on a ticket, or
 * the system's own mail; and publishes inbound_email.filed with the outcome beside ticket.created /
 * ticket.note_added / ticket.reopened. The group is one transaction, in which its events are recorded
 * as applied: a redelivery changes nothing. A sender who is new to a customer with their email domain
 * is added at the customers service first, outside the transaction (idempotent there, so a redelivery
 * finds the same contact); its outage throws, and the bus holds the emails. A group that fails is run
 * again one email at a time by the runtime (groupCalls): one email that cannot be filed fails alone.
 * Resolves to the ids of the events applied now (not before).
 */
export async function fileInboundEmails(
  db: TicketsDatabase,
  customers: CustomersClient,
  settings: FilingSettings,
  events: Array<Envelope<InboundEmail>>,
  now: () => Date = () => new Date(),
): Promise<string[]> {
  if (events.length === 0) return [];
  const pool = pgExecutor(db.pool);
  const ownIds = events.map((event) => (event.data.messageId ? normaliseMessageId(event.data.messageId) : undefined));
  // Mail the system sent or already has needs no sender (and no contact made for it).
  const known = new Set((await findKnownMessageIds(pool, ownIds.filter((id) => id !== undefined))).map((k) => k.messageId));
  const needSender = ownIds.map((id) => id === undefined || !known.has(id));
  // The senders' contacts in one look-up for the group; the customers service is asked only about the others.
  const contacts = await findActiveContactsByEmail(pool, events.filter((_, i) => needSender[i]).map(({ data }) => senderAddressOf(data)));
  const group: ToFile[] = [];
  for (const [i, event] of events.entries()) {
    const sender = needSender[i] ? await inContextOf(event, () => resolveSender(pool, customers, event.data, contacts)) : undefined;
    group.push({ event, email: event.data, messageId: ownIds[i], lookup: threadLookup(event.data), sender });
  }

  const applied = await inPgTransaction(db.pool, async (sql) => {
    const fresh = new Set(await recordNewlyProcessed(sql, settings.consumer, events.map((event) => event.id)));
    // An event delivered twice in the group is filed once.
    const toFile = group.filter(({ event }) => fresh.delete(event.id));
    // Every Message-ID the group touches, locked up front in one statement (see lockMessageIds): two
    // groups that touch the same ones, on any instance, are filed one after the other, never crosswise.
    await lockMessageIds(sql, toFile.flatMap(messageIdsOf));
    const filings = (await findFilings(sql, toFile.map(({ email }) => email.emailId))) as Map<string, Filed>;
    const published: Array<Envelope<unknown>> = [];
    for (const filing of toFile) {
      const filed = await inContextOf(filing.event, () => fileEmail(sql, published, filing, filings.get(filing.email.emailId), settings, now()));
      filings.set(filing.email.emailId, filed);
    }
    await addAllToOutbox(sql, published);
    return toFile.map(({ event }) => event.id);
  });
  if (applied.length > 0) db.statementCommitted({ wroteOutbox: true });
  return applied;
}

function inContextOf<T>(event: Envelope<unknown>, fn: () => Promise<T>): Promise<T> {
  return runWithContext({ correlationId: event.correlationId, causationId: event.id }, fn);
}

/** The email's own Message-ID and every one it references: a reply and its original touch the same ones. */
function messageIdsOf({ messageId, lookup }: Pick<ToFile, 'messageId' | 'lookup'>): string[] {
  return [...(messageId ? [messageId] : []), ...lookup.inReplyTo, ...lookup.references];
}

/** One email of the group, in the group's transaction, with its Message-IDs locked; its events go to `published`. */
async function fileEmail(sql: SqlExecutor, published: Array<Envelope<unknown>>, filing: ToFile, previous: Filed | undefined, settings: FilingSettings, now: Date): Promise<Filed> {
  const { email, messageId, lookup, sender } = filing;
  // Announced again (mail-ingest retried it): the same answer, nothing filed twice.
  if (previous) return publishFiled(published, previous);
  const known = await findKnownMessageIds(sql, messageIdsOf(filing));
  const own = messageId ? known.find((k) => k.messageId === messageId) : undefined;
  if (own) {
    const outcome: FilingOutcome = own.source === 'issued' ? 'own-mail' : 'duplicate';
    const number = await ticketNumber(sql, own.ticketId);
    const detail =
      outcome === 'own-mail'
        ? `Message-ID ${messageId} was issued by the system for ticket #${number}: its own mail, not imported.`
        : `Message-ID ${messageId} was already received on ticket #${number}: a duplicate, nothing filed.`;
    return record(sql, published, email, { outcome, ticketId: own.ticketId, number, detail });
  }
  if (!sender) throw new Error(`inbound email ${email.emailId}: its Message-ID went away while it was filed; it is filed again`);
  return fileBySender(sql, published, email, messageId, lookup, known, sender, settings, now);
}

type ActiveContacts = Awaited<ReturnType<typeof findActiveContactsByEmail>>;

function senderAddressOf(email: InboundEmail): string {
  return email.from.address.trim().toLowerCase();
}

/**
 * The sender-to-customer rule: the contact with the address; else the one customer with the domain (a
 * contact is added there); else unassigned. The customers service refusing that contact (400, 404,
 * 409) is a final answer: the sender is unassigned, and the filing's detail says why. Only an outage
 * (unreachable, timed out, 5xx) throws, and the bus holds the email until the service answers.
 */
async function resolveSender(sql: SqlExecutor, customers: CustomersClient, email: InboundEmail, contacts: ActiveContacts): Promise<Sender> {
  const address = senderAddressOf(email);
  const contact = contacts.get(address);
  if (contact) return { kind: 'contact', address, contactId: contact.id, customerId: contact.customerId, addedByDomain: false };
  const customerId = customerByDomain(await findCustomersWithDomain(sql, domainOf(address)));
  if (!customerId) return { kind: 'unassigned', address };
  try {
    const added = await customers.contactByEmail(customerId, { email: address, name: email.from.name?.trim() || null });
    return { kind: 'contact', address, contactId: added.id, customerId: added.customerId, addedByDomain: true };
  } catch (error) {
    if (!(error instanceof CustomersRefusedError)) throw error;
    const note = `The customers service refused to add ${address} as a contact of customer ${customerId} (${error.status}: ${error.detail}): filed unassigned.`;
    return { kind: 'unassigned', address, note };
  }
}

async function fileBySender(
  sql: SqlExecutor,
  published: Array<Envelope<unknown>>,
  email: InboundEmail,
  messageId: string | undefined,
  lookup: ThreadLookup,
  known: readonly KnownMessageId[],
  sender: Sender,
  settings: FilingSettings,
  now: Date,
): Promise<Filed> {
  const byNumber = subjectTicket(lookup.subjectNumbers, await findTicketsByNumbers(sql, lookup.subjectNumbers), sender);
  // A reply to this email filed before it (out of order, or at the same time and done first): its ticket.
  const referencing = messageId ? referencedBy(await findTicketsReferencing(sql, messageId), senderCustomer(sender)) : undefined;
  const match = findThread(lookup, known, byNumber && { ticketId: byNumber.id, number: byNumber.number }, referencing && messageId ? { messageId, ticketId: referencing.ticketId } : undefined);
  const thread = match && (await lockThreadTicket(sql, match.ticketId));
  const why = (detail: string) => (sender.kind === 'unassigned' && sender.note ? `${detail} ${sender.note}` : detail);
  if (!match || !thread) return openFromEmail(sql, published, email, messageId, lookup, sender, null, why('No reference to a known ticket: opened a new ticket.'));
  const decision = decideReply(sender, match, thread, now, settings.reopenWithinDays);
  if (decision.kind === 'new') return openFromEmail(sql, published, email, messageId, lookup, sender, decision.linkedTicketId, why(decision.detail));
  return joinTicket(sql, published, email, messageId, lookup, sender, thread.ticket, match.rule, decision.reopen, decision.addParticipant, why(decision.detail));
}

/** Keeps the email's Message-ID on the ticket, and the ids it referenced (an earlier email of the thread arriving later finds the ticket by them). */
async function keepThreadIds(sql: SqlExecutor, email: InboundEmail, messageId: string | undefined, lookup: ThreadLookup, ticketId: string): Promise<void> {
  if (messageId) await addMessageId(sql, messageId, ticketId, 'received', email.emailId);
  await addReferencedMessageIds(sql, [...lookup.inReplyTo, ...lookup.references], ticketId, email.emailId);
}

function actorOf(sender: Sender, email: InboundEmail): Actor {
  return sender.kind === 'contact' ? { kind: 'contact', id: sender.contactId } : { kind: 'email', id: email.emailId };
}

function displayNameOf(email: InboundEmail): string | null {
  return email.from.name?.trim().slice(0, 200) || null;
}

/** The mailbox the email came in by, where a reply should go; null if it cannot be an address. */
function replyMailboxOf(email: InboundEmail): string | null {
  return email.mailbox.length >= 3 && email.mailbox.length <= 320 ? email.mailbox : null;
}

function sourceEmailOf(email: InboundEmail, messageId: string | undefined) {
  return {
    emailId: email.emailId,
    emailAccountId: email.emailAccountId,
    mailbox: email.mailbox,
    from: email.from.address,
    messageId: messageId ?? null,
    references: email.references.slice(-200),
    automatic: email.automatic !== null,
  };
}

async function openFromEmail(
  sql: SqlExecutor,
  published: Array<Envelope<unknown>>,
  email: InboundEmail,
  messageId: string | undefined,
  lookup: ThreadLookup,
  sender: Sender,
  linkedTicketId: string | null,
  detail: string,
): Promise<Filed> {
  const actor = actorOf(sender, email);
  const customerId = sender.kind === 'contact' ? sender.customerId : null;
  const contactId = sender.kind === 'contact' ? sender.contactId : null;
  const ticket = await insertEmailTicket(sql, {
    id: randomUUID(),
    subject: ticketSubject(email.subject),
    description: noteText(email.text, email.attachments.length),
    descriptionHtml: email.html,
    requesterEmail: sender.address,
    priority: priorityOf(email.defaults.priority),
    customerId,
    contactId,
    teamId: email.defaults.teamId,
    emailAccountId: email.emailAccountId,
    createdByKind: actor.kind,
    createdById: actor.id,
    createdAt: new Date(),
    sourceEmailId: email.emailId,
    linkedTicketId,
  });
  // Contacts of the ticket's customer in To/Cc become participants; others stay on the email only.
  const copied = customerId ? await contactsOfCustomerAmong(sql, customerId, copiedAddresses(email, [email.mailbox])) : [];
  const participants = await addParticipants(sql, ticket.id, copied.map((c) => ({ email: c.email, contactId: c.id })), email.emailId);
  await addAttachments(sql, ticket.id, null, email.emailId, email.attachments);
  await keepThreadIds(sql, email, messageId, lookup, ticket.id);
  published.push(
    eventOfCurrentWork('tickets', ticketCreatedV1, { id: ticket.id, version: 1 }, {
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      requesterEmail: ticket.requesterEmail,
      status: ticket.status,
      priority: ticket.priority,
      createdBy: actor,
      createdAt: ticket.createdAt.toISOString(),
      customerId,
      contactId,
      teamId: ticket.teamId,
      assigneeId: null,
      emailAccountId: ticket.emailAccountId,
      channel: 'email',
      sourceEmail: sourceEmailOf(email, messageId),
      customerName: ticket.names.customerName,
      customerGroupId: ticket.names.customerGroupId,
      contactFirstName: ticket.names.contactFirstName,
      contactLastName: ticket.names.contactLastName,
      replyMailbox: ticket.names.replyMailbox ?? replyMailboxOf(email),
    }),
  );
  const withParticipants = participants.length > 0 ? `${detail} Participants from copy: ${participants.join(', ')}.` : detail;
  const linked = linkedTicketId ? { linkedTicketId } : {};
  return record(sql, published, email, { outcome: 'new-ticket', ticketId: ticket.id, number: ticket.number, customerId, contactId, detail: withParticipants, ...linked });
}

async function joinTicket(
  sql: SqlExecutor,
  published: Array<Envelope<unknown>>,
  email: InboundEmail,
  messageId: string | undefined,
  lookup: ThreadLookup,
  sender: Sender,
  ticket: Ticket,
  rule: FilingRule,
  reopen: boolean,
  addParticipant: boolean,
  detail: string,
): Promise<Filed> {
  const actor = actorOf(sender, email);
  const noteId = randomUUID();
  const body = noteText(email.text, email.attachments.length);
  const { ticket: saved } = await insertEmailNote(
    sql,
    { id: noteId, ticketId: ticket.id, body, bodyHtml: email.html, authorKind: actor.kind, authorId: actor.id, sourceEmailId: email.emailId },
    reopen,
  );
  const contactId = sender.kind === 'contact' ? sender.contactId : null;
  const added = addParticipant ? await addParticipants(sql, ticket.id, [{ email: sender.address, contactId }], email.emailId) : [];
  await addAttachments(sql, ticket.id, noteId, email.emailId, email.attachments);
  await keepThreadIds(sql, email, messageId, lookup, ticket.id);
  // A sender who is no contact (or one the projection has no name for) is named as their From header
  // names them; replies go to the mailbox the email came in by if the account is not known here.
  const names = { ...saved.names, actorName: saved.names.actorName ?? displayNameOf(email), replyMailbox: saved.names.replyMailbox ?? replyMailboxOf(email) };
  const change = changeOf({ ...saved, names }, actor);
  published.push(eventOfCurrentWork('tickets', ticketNoteAddedV1, saved, { ...change, noteId, visibility: 'public', body, sourceEmail: sourceEmailOf(email, messageId) }));
  if (reopen) {
    published.push(
      eventOfCurrentWork('tickets', ticketStatusChangedV1, saved, { ...change, from: 'closed', to: 'open' }),
      eventOfCurrentWork('tickets', ticketReopenedV1, saved, change),
    );
  }
  const withParticipant = added.length > 0 ? `${detail} ${sender.address} became a participant.` : detail;
  return record(sql, published, email, {
    outcome: 'joined-ticket',
    ticketId: saved.id,
    number: saved.number,
    rule,
    reopened: reopen,
    customerId: saved.customerId,
    contactId,
    noteId,
    detail: withParticipant,
  });
}

async function ticketNumber(sql: SqlExecutor, ticketId: string): Promise<number> {
  const [row] = await sql.$queryRawUnsafe<Array<{ number: number }>>('SELECT number FROM tickets WHERE id = $1::uuid', ticketId);
  return row!.number;
}

/** Keeps what the email became and publishes it (inbound_email.filed), in the filing's transaction. */
async function record(sql: SqlExecutor, published: Array<Envelope<unknown>>, email: InboundEmail, outcome: Partial<Filed> & Pick<Filed, 'outcome' | 'detail'>): Promise<Filed> {
  const filed: Filed = {
    emailId: email.emailId,
    emailAccountId: email.emailAccountId,
    ticketId: null,
    number: null,
    rule: null,
    reopened: false,
    linkedTicketId: null,
    customerId: null,
    contactId: null,
    noteId: null,
    ...outcome,
    detail: outcome.detail.slice(0, 2000),
  };
  await saveFiling(sql, email.emailId, filed.outcome, filed.ticketId, filed);
  return publishFiled(published, filed);
}

function publishFiled(published: Array<Envelope<unknown>>, filed: Filed): Filed {
  published.push(eventOfCurrentWork('tickets', inboundEmailFiledV1, { id: filed.emailId, version: 1 }, filed));
  return filed;
}
