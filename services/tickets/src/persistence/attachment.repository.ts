import type { SqlExecutor } from '@helpdesk/db';

/** An attachment of a ticket's email, with what deciding who may see it needs. */
export interface AttachmentWithTicket {
  id: string;
  ticketId: string;
  noteId: string | null;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  ticketCustomerId: string | null;
  ticketContactId: string | null;
  /** The note's visibility; null for the email that opened the ticket. */
  noteVisibility: string | null;
}

export async function findAttachment(sql: SqlExecutor, id: string): Promise<AttachmentWithTicket | undefined> {
  const [row] = await sql.$queryRawUnsafe<AttachmentWithTicket[]>(
    `SELECT a.id, a.ticket_id AS "ticketId", a.note_id AS "noteId", a.filename, a.content_type AS "contentType", a.size, a.inline,
            t.customer_id AS "ticketCustomerId", t.contact_id AS "ticketContactId", n.visibility AS "noteVisibility"
     FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id LEFT JOIN ticket_notes n ON n.id = a.note_id
     WHERE a.id = $1::uuid`,
    id,
  );
  return row;
}

/** A ticket's attachment as its views list it. */
export interface AttachmentSummary {
  id: string;
  noteId: string | null;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

/**
 * The attachments of some of a ticket's emails, in the order of its emails: of the notes `noteIds` (a
 * page of notes the caller may see) and, with `opening`, of the email that opened the ticket.
 */
export async function listTicketAttachments(sql: SqlExecutor, ticketId: string, emails: { noteIds: string[]; opening: boolean }): Promise<AttachmentSummary[]> {
  return sql.$queryRawUnsafe<AttachmentSummary[]>(
    `SELECT a.id, a.note_id AS "noteId", a.filename, a.content_type AS "contentType", a.size, a.inline, a.content_id AS "contentId"
     FROM ticket_attachments a LEFT JOIN ticket_notes n ON n.id = a.note_id
     WHERE a.ticket_id = $1::uuid AND (a.note_id = ANY($2::uuid[]) OR ($3::boolean AND a.note_id IS NULL))
     ORDER BY n.created_at NULLS FIRST, a.note_id, a.position`,
    ticketId,
    emails.noteIds,
    emails.opening,
  );
}

export async function listParticipants(sql: SqlExecutor, ticketId: string): Promise<Array<{ email: string; contactId: string | null }>> {
  return sql.$queryRawUnsafe(`SELECT email, contact_id AS "contactId" FROM ticket_participants WHERE ticket_id = $1::uuid ORDER BY added_at, email`, ticketId);
}
