import type { SqlExecutor } from '@helpdesk/db';
import { newlyProcessed } from '@helpdesk/idempotent-consumer';
import type { KnownMessageId, ReferencingTicket, ThreadTicket } from '../domain/file-inbound-email.js';
import type { Ticket } from './generated/client.js';
import { ticketColumns } from './ticket-list-query.js';
import { ticketNamesSql, type NamedTicket } from './ticket.repository.js';

// Filing inbound email is a hot path (every email): plain SQL through `pg`, in the transaction of
// libs/db's inPgTransaction, never Prisma (docs/architecture.md, data access).

/**
 * Serialises, across instances and for the rest of the transaction, the filings that touch any of
 * these Message-IDs: an email's own and those it references (In-Reply-To, References). Two deliveries
 * of the same email cannot both pass the duplicate check, and an email and a reply to it filed at the
 * same time are filed one after the other, so the second sees the first (one ticket). Taken in the
 * order of their lock keys, in one statement: two filings never wait for each other crosswise.
 */
export async function lockMessageIds(sql: SqlExecutor, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await sql.$queryRawUnsafe(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (
       SELECT DISTINCT hashtextextended('message-id:' || id, 11) AS k FROM unnest($1::text[]) AS id ORDER BY k
     ) AS keys`,
    [...messageIds],
  );
}

/** Keeps the Message-IDs a filed email referenced, by the ticket it went to (an earlier email arriving later finds it). */
export async function addReferencedMessageIds(sql: SqlExecutor, messageIds: readonly string[], ticketId: string, emailId: string): Promise<void> {
  if (messageIds.length === 0) return;
  await sql.$executeRawUnsafe(
    `INSERT INTO ticket_referenced_message_ids (message_id, ticket_id, email_id)
     SELECT DISTINCT id, $2::uuid, $3::uuid FROM unnest($1::text[]) AS id
     ON CONFLICT DO NOTHING`,
    [...messageIds],
    ticketId,
    emailId,
  );
}

/** The tickets whose emails referenced this Message-ID, oldest reference first. */
export async function findTicketsReferencing(sql: SqlExecutor, messageId: string): Promise<ReferencingTicket[]> {
  return sql.$queryRawUnsafe<ReferencingTicket[]>(
    `SELECT r.ticket_id AS "ticketId", t.customer_id AS "customerId"
     FROM ticket_referenced_message_ids r JOIN tickets t ON t.id = r.ticket_id
     WHERE r.message_id = $1 ORDER BY r.created_at, r.ticket_id LIMIT 20`,
    messageId,
  );
}

export async function findKnownMessageIds(sql: SqlExecutor, ids: readonly string[]): Promise<KnownMessageId[]> {
  if (ids.length === 0) return [];
  return sql.$queryRawUnsafe<KnownMessageId[]>(
    `SELECT message_id AS "messageId", ticket_id AS "ticketId", source FROM ticket_message_ids WHERE message_id = ANY($1::text[])`,
    [...ids],
  );
}

/** Keeps a Message-ID of a ticket's email; the first ticket to have it keeps it. */
export async function addMessageId(sql: SqlExecutor, messageId: string, ticketId: string, source: 'received' | 'issued', emailId: string | null): Promise<boolean> {
  const added = await sql.$executeRawUnsafe(
    `INSERT INTO ticket_message_ids (message_id, ticket_id, source, email_id) VALUES ($1, $2::uuid, $3, $4::uuid) ON CONFLICT (message_id) DO NOTHING`,
    messageId,
    ticketId,
    source,
    emailId,
  );
  return added > 0;
}

/** A Message-ID the notifier issued for an email about a ticket (outgoing_email.queued), by its event. */
export interface IssuedMessageId {
  eventId: string;
  messageId: string;
  ticketId: string;
  outgoingEmailId: string;
}

/**
 * Applies a group of outgoing_email.queued once, in one statement: records the events (`eventIds`)
 * as applied by `consumer` and keeps the issued Message-IDs of those applied now, each only if its
 * ticket exists here (a ticket this service does not have keeps nothing); the first ticket to have a
 * Message-ID keeps it. Resolves to the ids of the events applied now.
 */
export async function keepIssuedMessageIds(sql: SqlExecutor, consumer: string, eventIds: readonly string[], issued: readonly IssuedMessageId[]): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<Array<{ eventId: string }>>(
    `WITH fresh AS (${newlyProcessed('$1', '$2')}), kept AS (
       INSERT INTO ticket_message_ids (message_id, ticket_id, source, email_id)
       SELECT i.message_id, t.id, 'issued', i.outgoing_email_id
       FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::uuid[]) AS i(event_id, message_id, ticket_id, outgoing_email_id)
       JOIN fresh ON fresh.event_id = i.event_id
       JOIN tickets t ON t.id = i.ticket_id
       ON CONFLICT (message_id) DO NOTHING
       RETURNING 1
     )
     SELECT event_id AS "eventId" FROM fresh`,
    consumer,
    [...eventIds],
    issued.map((i) => i.eventId),
    issued.map((i) => i.messageId),
    issued.map((i) => i.ticketId),
    issued.map((i) => i.outgoingEmailId),
  );
  return rows.map((row) => row.eventId);
}

/** Records a group of events as applied by `consumer`, in the caller's transaction: resolves to the ids not applied before. */
export async function recordNewlyProcessed(sql: SqlExecutor, consumer: string, eventIds: readonly string[]): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<Array<{ eventId: string }>>(`WITH fresh AS (${newlyProcessed('$1', '$2')}) SELECT event_id AS "eventId" FROM fresh`, consumer, [...eventIds]);
  return rows.map((row) => row.eventId);
}

/** The tickets with these numbers (those that exist), as the threading decision needs them; not locked (the chosen one is locked next). */
export async function findTicketsByNumbers(sql: SqlExecutor, numbers: readonly number[]): Promise<ThreadTicket[]> {
  if (numbers.length === 0) return [];
  return sql.$queryRawUnsafe<ThreadTicket[]>(
    `SELECT t.id, t.number, t.customer_id AS "customerId", t.status, t.closed_at AS "closedAt", t.requester_email AS "requesterEmail",
            COALESCE((SELECT array_agg(p.email) FROM ticket_participants p WHERE p.ticket_id = t.id), '{}') AS participants
     FROM tickets t WHERE t.number = ANY($1::int[])`,
    [...numbers],
  );
}

/** The ticket a reply found, locked for the rest of the transaction (the reply changes it), with its participants. */
export async function lockThreadTicket(sql: SqlExecutor, id: string): Promise<(ThreadTicket & { ticket: Ticket }) | undefined> {
  const [ticket] = await sql.$queryRawUnsafe<Ticket[]>(`SELECT ${ticketColumns.text} FROM tickets t WHERE t.id = $1::uuid FOR UPDATE`, id);
  if (!ticket) return undefined;
  const participants = await sql.$queryRawUnsafe<Array<{ email: string }>>(`SELECT email FROM ticket_participants WHERE ticket_id = $1::uuid`, id);
  return {
    ticket,
    id: ticket.id,
    number: ticket.number,
    customerId: ticket.customerId,
    status: ticket.status,
    closedAt: ticket.closedAt,
    requesterEmail: ticket.requesterEmail,
    participants: participants.map((p) => p.email),
  };
}

/** The active contacts with exactly these addresses (stored lower case) that the projection has, by address (the latest of each). */
export async function findActiveContactsByEmail(sql: SqlExecutor, emails: readonly string[]): Promise<Map<string, { id: string; customerId: string }>> {
  if (emails.length === 0) return new Map();
  const rows = await sql.$queryRawUnsafe<Array<{ email: string; id: string; customerId: string }>>(
    `SELECT DISTINCT ON (email) email, id, customer_id AS "customerId" FROM contacts WHERE email = ANY($1::text[]) AND active ORDER BY email, version DESC`,
    emails.map((email) => email.toLowerCase()),
  );
  return new Map(rows.map(({ email, ...contact }) => [email, contact]));
}

/** The customers listing this email domain (exact match). */
export async function findCustomersWithDomain(sql: SqlExecutor, domain: string): Promise<string[]> {
  if (!domain) return [];
  const rows = await sql.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM customers WHERE email_domains @> ARRAY[$1]::text[] LIMIT 2`, domain);
  return rows.map((r) => r.id);
}

/** Of these addresses, those of active contacts of the customer, with their contact. */
export async function contactsOfCustomerAmong(sql: SqlExecutor, customerId: string, emails: readonly string[]): Promise<Array<{ id: string; email: string }>> {
  if (emails.length === 0) return [];
  return sql.$queryRawUnsafe(`SELECT id, email FROM contacts WHERE customer_id = $1::uuid AND active AND email = ANY($2::text[])`, customerId, [...emails]);
}

export interface EmailTicketRow {
  id: string;
  subject: string;
  description: string;
  descriptionHtml: string | null;
  requesterEmail: string;
  priority: string;
  customerId: string | null;
  contactId: string | null;
  teamId: string | null;
  emailAccountId: string;
  createdByKind: string;
  createdById: string;
  createdAt: Date;
  sourceEmailId: string;
  linkedTicketId: string | null;
}

/** A ticket opened by an email, with the first line of its history; returned with the names its event shows. */
export async function insertEmailTicket(sql: SqlExecutor, row: EmailTicketRow): Promise<NamedTicket> {
  const [ticket] = await sql.$queryRawUnsafe<NamedTicket[]>(
    `WITH t AS (
       INSERT INTO tickets (id, subject, description, requester_email, status, priority, customer_id, contact_id, team_id, email_account_id,
                            created_by_kind, created_by_id, version, created_at, updated_at, channel, source_email_id, linked_ticket_id, description_html)
       VALUES ($1::uuid, $2, $3, $4, 'new', $5, $6::uuid, $7::uuid, $8::uuid, $9::uuid, $10, $11::uuid, 1, $12, $12, 'email', $13::uuid, $14::uuid, $15)
       RETURNING *
     ), history AS (
       INSERT INTO ticket_history (ticket_id, at, actor_kind, actor_id, kind, visibility)
       SELECT id, created_at, created_by_kind, created_by_id, 'created', 'public' FROM t
     )
     SELECT ${ticketColumns.text}, ${ticketNamesSql('t', 'NULL::text', 'NULL::uuid')} AS names FROM t`,
    row.id,
    row.subject,
    row.description,
    row.requesterEmail,
    row.priority,
    row.customerId,
    row.contactId,
    row.teamId,
    row.emailAccountId,
    row.createdByKind,
    row.createdById,
    row.createdAt,
    row.sourceEmailId,
    row.linkedTicketId,
    row.descriptionHtml,
  );
  return ticket!;
}

export interface EmailNoteRow {
  id: string;
  ticketId: string;
  body: string;
  bodyHtml: string | null;
  authorKind: string;
  authorId: string;
  sourceEmailId: string;
}

/**
 * A public note from an email on a ticket, and what it changes on the ticket in the same statement:
 * the version and time (every change counts the version up), and, when `reopen`, status open again.
 * The history gets the note's line, and the status change when there is one. The ticket comes back
 * with the names its events show, the author's (a contact's) among them.
 */
export async function insertEmailNote(sql: SqlExecutor, row: EmailNoteRow, reopen: boolean): Promise<{ ticket: NamedTicket; noteCreatedAt: Date }> {
  const [result] = await sql.$queryRawUnsafe<Array<NamedTicket & { noteCreatedAt: Date }>>(
    `WITH note AS (
       INSERT INTO ticket_notes (id, ticket_id, visibility, body, body_html, author_kind, author_id, source_email_id, created_at)
       VALUES ($1::uuid, $2::uuid, 'public', $3, $4, $5, $6::uuid, $7::uuid, now())
       RETURNING id, created_at
     ), t AS (
       UPDATE tickets SET version = version + 1, updated_at = now(),
         status = CASE WHEN $8 THEN 'open' ELSE status END,
         closed_at = CASE WHEN $8 THEN NULL ELSE closed_at END
       WHERE id = $2::uuid
       RETURNING *
     ), history AS (
       INSERT INTO ticket_history (ticket_id, at, actor_kind, actor_id, kind, field, from_value, to_value, note_id, visibility)
       SELECT t.id, t.updated_at, $5, $6::uuid, 'status_changed', 'status', 'closed', 'open', NULL, 'public' FROM t WHERE $8
       UNION ALL
       SELECT t.id, t.updated_at, $5, $6::uuid, 'note_added', NULL, NULL, NULL, note.id, 'public' FROM t, note
     )
     SELECT ${ticketColumns.text}, ${ticketNamesSql('t', '$9::text', '$6::uuid')} AS names, note.created_at AS "noteCreatedAt" FROM t, note`,
    row.id,
    row.ticketId,
    row.body,
    row.bodyHtml,
    row.authorKind,
    row.authorId,
    row.sourceEmailId,
    reopen,
    row.authorKind,
  );
  const { noteCreatedAt, ...ticket } = result!;
  return { ticket, noteCreatedAt };
}

export async function addParticipants(sql: SqlExecutor, ticketId: string, participants: ReadonlyArray<{ email: string; contactId: string | null }>, emailId: string): Promise<string[]> {
  if (participants.length === 0) return [];
  const rows = await sql.$queryRawUnsafe<Array<{ email: string }>>(
    `INSERT INTO ticket_participants (ticket_id, email, contact_id, source_email_id)
     SELECT $1::uuid, p.email, p.contact_id, $4::uuid FROM unnest($2::text[], $3::uuid[]) AS p(email, contact_id)
     ON CONFLICT DO NOTHING RETURNING email`,
    ticketId,
    participants.map((p) => p.email.toLowerCase()),
    participants.map((p) => p.contactId),
    emailId,
  );
  return rows.map((r) => r.email);
}

export interface AttachmentRow {
  attachmentId: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

export async function addAttachments(sql: SqlExecutor, ticketId: string, noteId: string | null, emailId: string, attachments: readonly AttachmentRow[]): Promise<void> {
  if (attachments.length === 0) return;
  await sql.$executeRawUnsafe(
    `INSERT INTO ticket_attachments (id, ticket_id, note_id, email_id, position, filename, content_type, size, inline, content_id)
     SELECT a.id, $1::uuid, $2::uuid, $3::uuid, a.position, a.filename, a.content_type, a.size, a.inline, a.content_id
     FROM unnest($4::uuid[], $5::int[], $6::text[], $7::text[], $8::int[], $9::boolean[], $10::text[]) AS a(id, position, filename, content_type, size, inline, content_id)
     ON CONFLICT (id) DO NOTHING`,
    ticketId,
    noteId,
    emailId,
    attachments.map((a) => a.attachmentId),
    attachments.map((_, i) => i),
    attachments.map((a) => a.filename.slice(0, 500)),
    attachments.map((a) => a.contentType.slice(0, 255)),
    attachments.map((a) => a.size),
    attachments.map((a) => a.inline),
    attachments.map((a) => a.contentId?.slice(0, 1000) ?? null),
  );
}

/** What these emails were filed as, by email id: the answer again for an email announced again. */
export async function findFilings(sql: SqlExecutor, emailIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  if (emailIds.length === 0) return new Map();
  const rows = await sql.$queryRawUnsafe<Array<{ emailId: string; filed: Record<string, unknown> }>>(
    `SELECT email_id AS "emailId", filed FROM inbound_email_filings WHERE email_id = ANY($1::uuid[])`,
    [...emailIds],
  );
  return new Map(rows.map((row) => [row.emailId, row.filed]));
}

export async function saveFiling(sql: SqlExecutor, emailId: string, outcome: string, ticketId: string | null, filed: unknown): Promise<void> {
  await sql.$executeRawUnsafe(
    `INSERT INTO inbound_email_filings (email_id, outcome, ticket_id, filed) VALUES ($1::uuid, $2, $3::uuid, $4::jsonb)`,
    emailId,
    outcome,
    ticketId,
    JSON.stringify(filed),
  );
}
