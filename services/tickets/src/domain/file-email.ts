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
import { addToOutbox, eventOfCurrentWork, recordEvent } from '@helpdesk/outbox';
import type { CustomersClient } from '../clients/customers.js';
import type { TicketsDatabase } from '../persistence/client.js';
import {
  addAttachments,
  addMessageId,
  addParticipants,
  contactsOfCustomerAmong,
  findActiveContactByEmail,
  findCustomersWithDomain,
  findFiling,
  findKnownMessageIds,
  findTicketIdByNumber,
  insertEmailNote,
  insertEmailTicket,
  lockMessageId,
  lockThreadTicket,
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
  threadLookup,
  ticketSubject,
  type FilingOutcome,
  type FilingRule,
  type Sender,
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

/**
 * Files one inbound email (issue 11 §6): a new ticket, a public note on the ticket it answers (and by
 * which rule), a duplicate of an email already on a ticket, or the system's own mail; and publishes
 * inbound_email.filed with the outcome in the same transaction, beside ticket.created /
 * ticket.note_added / ticket.reopened. The event is recorded as applied in that transaction too: a
 * redelivery changes nothing. A sender who is new to a customer with their email domain is added at
 * the customers service first (idempotent there, so a redelivery finds the same contact).
 * Returns what it published, or undefined when the event had been applied already.
 */
export async function fileInboundEmail(
  db: TicketsDatabase,
  customers: CustomersClient,
  settings: FilingSettings,
  event: Envelope<InboundEmail>,
  now: () => Date = () => new Date(),
): Promise<Filed | undefined> {
  const email = event.data;
  const messageId = email.messageId ? normaliseMessageId(email.messageId) : undefined;
  const pool = pgExecutor(db.pool);
  // Mail the system sent or already has needs no sender (and no contact made for it).
  const alreadyKnown = messageId ? (await findKnownMessageIds(pool, [messageId])).length > 0 : false;
  const sender = alreadyKnown ? undefined : await resolveSender(pool, customers, email);

  const filed = await inPgTransaction(db.pool, async (sql) => {
    const fresh = await sql.$executeRawUnsafe('INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING', settings.consumer, event.id);
    if (fresh === 0) return undefined;
    // Announced again (mail-ingest retried it): the same answer, nothing filed twice.
    const previous = await findFiling(sql, email.emailId);
    if (previous) return publishFiled(sql, previous as Filed);
    if (messageId) await lockMessageId(sql, messageId);
    const [known] = messageId ? await findKnownMessageIds(sql, [messageId]) : [];
    if (known) {
      const outcome: FilingOutcome = known.source === 'issued' ? 'own-mail' : 'duplicate';
      const number = await ticketNumber(sql, known.ticketId);
      const detail =
        outcome === 'own-mail'
          ? `Message-ID ${messageId} was issued by the system for ticket #${number}: its own mail, not imported.`
          : `Message-ID ${messageId} was already received on ticket #${number}: a duplicate, nothing filed.`;
      return record(sql, email, { outcome, ticketId: known.ticketId, number, detail });
    }
    if (!sender) throw new Error(`inbound email ${email.emailId}: its Message-ID went away while it was filed; it is filed again`);
    return fileBySender(sql, email, messageId, sender, settings, now());
  });
  if (filed) db.statementCommitted({ wroteOutbox: true });
  return filed;
}

/** The sender-to-customer rule: the contact with the address; else the one customer with the domain (a contact is added there); else unassigned. */
async function resolveSender(sql: SqlExecutor, customers: CustomersClient, email: InboundEmail): Promise<Sender> {
  const address = email.from.address.trim().toLowerCase();
  const contact = await findActiveContactByEmail(sql, address);
  if (contact) return { kind: 'contact', address, contactId: contact.id, customerId: contact.customerId, addedByDomain: false };
  const customerId = customerByDomain(await findCustomersWithDomain(sql, domainOf(address)));
  if (!customerId) return { kind: 'unassigned', address };
  const added = await customers.contactByEmail(customerId, { email: address, name: email.from.name?.trim() || null });
  return { kind: 'contact', address, contactId: added.id, customerId: added.customerId, addedByDomain: true };
}

async function fileBySender(sql: SqlExecutor, email: InboundEmail, messageId: string | undefined, sender: Sender, settings: FilingSettings, now: Date): Promise<Filed> {
  const lookup = threadLookup(email);
  const known = await findKnownMessageIds(sql, [...lookup.inReplyTo, ...lookup.references]);
  const byNumber = lookup.subjectNumber === undefined ? undefined : await findTicketIdByNumber(sql, lookup.subjectNumber);
  const match = findThread(lookup, known, byNumber);
  const thread = match && (await lockThreadTicket(sql, match.ticketId));
  if (!match || !thread) return openFromEmail(sql, email, messageId, sender, null, 'No reference to a known ticket: opened a new ticket.');
  const decision = decideReply(sender, match, thread, now, settings.reopenWithinDays);
  if (decision.kind === 'new') return openFromEmail(sql, email, messageId, sender, decision.linkedTicketId, decision.detail);
  return joinTicket(sql, email, messageId, sender, thread.ticket, match.rule, decision.reopen, decision.addParticipant, decision.detail);
}

function actorOf(sender: Sender, email: InboundEmail): Actor {
  return sender.kind === 'contact' ? { kind: 'contact', id: sender.contactId } : { kind: 'email', id: email.emailId };
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
  email: InboundEmail,
  messageId: string | undefined,
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
  if (messageId) await addMessageId(sql, messageId, ticket.id, 'received', email.emailId);
  await addToOutbox(
    sql,
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
    }),
  );
  const withParticipants = participants.length > 0 ? `${detail} Participants from copy: ${participants.join(', ')}.` : detail;
  const linked = linkedTicketId ? { linkedTicketId } : {};
  return record(sql, email, { outcome: 'new-ticket', ticketId: ticket.id, number: ticket.number, customerId, contactId, detail: withParticipants, ...linked });
}

async function joinTicket(
  sql: SqlExecutor,
  email: InboundEmail,
  messageId: string | undefined,
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
  if (messageId) await addMessageId(sql, messageId, ticket.id, 'received', email.emailId);
  const change = changeOf(saved, actor);
  await recordEvent(sql, 'tickets', ticketNoteAddedV1, saved, { ...change, noteId, visibility: 'public', body, sourceEmail: sourceEmailOf(email, messageId) });
  if (reopen) {
    await recordEvent(sql, 'tickets', ticketStatusChangedV1, saved, { ...change, from: 'closed', to: 'open' });
    await recordEvent(sql, 'tickets', ticketReopenedV1, saved, change);
  }
  const withParticipant = added.length > 0 ? `${detail} ${sender.address} became a participant.` : detail;
  return record(sql, email, {
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
async function record(sql: SqlExecutor, email: InboundEmail, outcome: Partial<Filed> & Pick<Filed, 'outcome' | 'detail'>): Promise<Filed> {
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
  return publishFiled(sql, filed);
}

async function publishFiled(sql: SqlExecutor, filed: Filed): Promise<Filed> {
  await addToOutbox(sql, eventOfCurrentWork('tickets', inboundEmailFiledV1, { id: filed.emailId, version: 1 }, filed));
  return filed;
}
